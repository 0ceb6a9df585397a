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
import { AcceptReferral, acceptReferralDecider } from './accept-referral';
import { AcceptReferralRequestDto } from './accept-referral.request.dto';

const spec = deciderSpec(acceptReferralDecider);
const SENT_AT = '2026-02-14T09:00:00.000Z';
const ANSWERED_AT = '2026-02-16T09:00:00.000Z';
const byReceiver = contextAt(ANSWERED_AT, caseworkerOf(exampleIds.labourMarketUnit));

const sent = [
  happened(participantRegistered(), REGISTERED_AT),
  happened(consentRecorded(), REGISTERED_AT),
  happened(participantReferred(), SENT_AT),
];

const acceptance: AcceptReferral = {
  kind: 'AcceptReferral',
  participantId: exampleIds.participant,
  referralId: exampleIds.referral,
};

describe('Accept a referral', () => {
  describe('When the receiving organisation accepts a referral waiting for an answer', () => {
    it('records the acceptance', () => {
      spec.given(sent).when(acceptance, byReceiver).then([referralAccepted()]);
    });

    it('accepts it even after the deadline, as long as it has not been expired', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt('2026-03-20T09:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit)))
        .then([referralAccepted()]);
    });
  });

  describe('When another organisation answers', () => {
    it('refuses the sender, which sees the referral but does not own the answer', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt(ANSWERED_AT, caseworkerOf(exampleIds.socialServices)))
        .thenThrows(ForbiddenError, 'not-receiver');
    });

    it('answers an unrelated organisation as if there were no such referral', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt(ANSWERED_AT, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the consent no longer covers the receiving organisation', () => {
    it('refuses the acceptance after a withdrawal', () => {
      spec
        .given([...sent, happened(consentWithdrawn(), '2026-02-15T09:00:00.000Z')])
        .when(acceptance, byReceiver)
        .thenThrows(IllegalStateError, 'consent-required');
    });

    it('refuses the acceptance after the consent has ended', () => {
      spec
        .given([
          happened(participantRegistered(), REGISTERED_AT),
          happened(consentRecorded({ validUntil: '2026-02-15' }), REGISTERED_AT),
          happened(participantReferred(), SENT_AT),
        ])
        .when(acceptance, byReceiver)
        .thenThrows(IllegalStateError, 'consent-required');
    });
  });

  describe('When the referral was already answered or closed', () => {
    it.each([
      ['accepted', referralAccepted()],
      ['declined', referralDeclined()],
      ['withdrawn', referralWithdrawn()],
      ['expired', referralExpired()],
    ])('refuses to accept a referral that was %s', (_outcome, closing) => {
      spec
        .given([...sent, happened(closing, '2026-02-15T09:00:00.000Z')])
        .when(acceptance, byReceiver)
        .thenThrows(IllegalStateError, 'referral-not-pending');
    });
  });

  describe('When the referral does not exist', () => {
    it('says it is not found', () => {
      spec
        .given(sent)
        .when({ ...acceptance, referralId: exampleIds.secondReferral }, byReceiver)
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the acceptance is dated before the referral was sent', () => {
    it('refuses it, since the waiting time cannot be negative', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt('2026-02-14T08:59:59.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-before-referral');
    });
  });

  describe('When the acceptance is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt('2026-02-01T09:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the acceptance is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(acceptance, contextAt('2026-02-17T09:00:00.000Z', caseworkerOf(exampleIds.labourMarketUnit), ANSWERED_AT))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the acceptance', () => {
      spec.given([]).when(acceptance, byReceiver).thenThrows(NotFoundError, 'referral-not-found');
    });
  });
});

describe('The acceptance request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(AcceptReferralRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );

  it('accepts a time, or nothing at all', () => {
    expect(errorsIn({ occurredAt: '2026-02-16T09:00:00+01:00' })).toEqual([]);
    expect(errorsIn({})).toEqual([]);
  });

  it.each([
    ['referralId', exampleIds.referral],
    ['occurredAt', '16 februari'],
  ])('refuses the %s %p, since the path names the referral', (field, value) => {
    expect(errorsIn({ [field]: value })).toEqual([field]);
  });
});
