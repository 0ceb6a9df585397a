import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  REGISTERED_AT,
  consentRecorded,
  consentWithdrawn,
  exampleIds,
  participantReferred,
  participantRegistered,
  referralAccepted,
  referralDeclined,
  referralExpired,
  referralWithdrawn,
} from '../participant.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { DECLINE_REASONS } from '../vocabulary';
import { DeclineReferral, declineReferralDecider } from './decline-referral';
import { DeclineReferralRequestDto } from './decline-referral.request.dto';

const spec = deciderSpec(declineReferralDecider);
const SENT_AT = '2026-02-14T09:00:00.000Z';
const ANSWERED_AT = '2026-02-16T09:00:00.000Z';
const byReceiver = contextAt(ANSWERED_AT, caseworkerOf(exampleIds.labourMarketUnit));

const sent = [
  happened(participantRegistered(), REGISTERED_AT),
  happened(consentRecorded(), REGISTERED_AT),
  happened(participantReferred(), SENT_AT),
];

const decline = (reason: DeclineReferral['reason'] = 'no_capacity'): DeclineReferral => ({
  kind: 'DeclineReferral',
  participantId: exampleIds.participant,
  referralId: exampleIds.referral,
  reason,
});

describe('Decline a referral', () => {
  describe('When the receiving organisation declines a referral waiting for an answer', () => {
    it.each(DECLINE_REASONS)('records the decline with the reason %p', (reason) => {
      spec
        .given(sent)
        .when(decline(reason), byReceiver)
        .then([{ type: 'ReferralDeclined', data: { referralId: exampleIds.referral, reason } }]);
    });
  });

  describe('When the consent was withdrawn after the referral was sent', () => {
    it('still records the decline, so that the sender learns the outcome', () => {
      spec
        .given([...sent, happened(consentWithdrawn(), '2026-02-15T09:00:00.000Z')])
        .when(decline(), byReceiver)
        .then([referralDeclined()]);
    });
  });

  describe('When the reason is not in the list', () => {
    it('refuses the decline', () => {
      spec
        .given(sent)
        .when(decline('too_busy' as never), byReceiver)
        .thenThrows(ValidationError, 'decline-reason-invalid');
    });
  });

  describe('When another organisation answers', () => {
    it('refuses the sender, which sees the referral but does not own the answer', () => {
      spec
        .given(sent)
        .when(decline(), contextAt(ANSWERED_AT, caseworkerOf(exampleIds.socialServices)))
        .thenThrows(ForbiddenError, 'not-receiver');
    });

    it('answers an unrelated organisation as if there were no such referral', () => {
      spec
        .given(sent)
        .when(decline(), contextAt(ANSWERED_AT, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the referral was already answered or closed', () => {
    it.each([
      ['accepted', referralAccepted()],
      ['declined', referralDeclined()],
      ['withdrawn', referralWithdrawn()],
      ['expired', referralExpired()],
    ])('refuses to decline a referral that was %s', (_outcome, closing) => {
      spec
        .given([...sent, happened(closing, '2026-02-15T09:00:00.000Z')])
        .when(decline(), byReceiver)
        .thenThrows(IllegalStateError, 'referral-not-pending');
    });
  });

  describe('When the referral does not exist', () => {
    it('says it is not found', () => {
      spec
        .given(sent)
        .when({ ...decline(), referralId: exampleIds.secondReferral }, byReceiver)
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the decline is dated before the referral was sent', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(decline(), contextAt('2026-02-14T08:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-before-referral');
    });
  });

  describe('When the decline is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(decline(), contextAt('2026-02-01T09:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the decline is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(decline(), contextAt('2026-02-17T09:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the decline', () => {
      spec.given([]).when(decline(), byReceiver).thenThrows(NotFoundError, 'referral-not-found');
    });
  });
});

describe('The decline request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(DeclineReferralRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );
  const body = { reason: 'not_eligible' };

  it('accepts a reason', () => {
    expect(errorsIn(body)).toEqual([]);
  });

  it('refuses a referral id in the body, since the path names the referral', () => {
    expect(errorsIn({ ...body, referralId: exampleIds.referral })).toEqual(['referralId']);
  });

  it.each([
    ['reason', 'work_preparation'],
    ['occurredAt', 'igår'],
  ])('refuses the %s %p', (field, value) => {
    expect(errorsIn({ ...body, [field]: value })).toEqual([field]);
  });
});
