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
import { WithdrawReferral, withdrawReferralDecider } from './withdraw-referral';
import { WithdrawReferralRequestDto } from './withdraw-referral.request.dto';

const spec = deciderSpec(withdrawReferralDecider);
const SENT_AT = '2026-02-14T09:00:00.000Z';
const WITHDRAWN_AT = '2026-02-15T09:00:00.000Z';
const bySender = contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.socialServices));

const sent = [
  happened(participantRegistered(), REGISTERED_AT),
  happened(consentRecorded(), REGISTERED_AT),
  happened(participantReferred(), SENT_AT),
];

const withdrawal: WithdrawReferral = {
  kind: 'WithdrawReferral',
  participantId: exampleIds.participant,
  referralId: exampleIds.referral,
};

describe('Withdraw a referral', () => {
  describe('When the sender withdraws a referral waiting for an answer', () => {
    it('records the withdrawal', () => {
      spec.given(sent).when(withdrawal, bySender).then([referralWithdrawn()]);
    });

    it('records it even after the consent was withdrawn, since that is often why', () => {
      spec
        .given([...sent, happened(consentWithdrawn(), '2026-02-14T12:00:00.000Z')])
        .when(withdrawal, bySender)
        .then([referralWithdrawn()]);
    });
  });

  describe('When another organisation withdraws it', () => {
    it('refuses the receiver, which sees the referral but does not own the answer', () => {
      spec
        .given(sent)
        .when(withdrawal, contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.labourMarketUnit)))
        .thenThrows(ForbiddenError, 'not-sender');
    });

    it('answers an unrelated organisation as if there were no such referral', () => {
      spec
        .given(sent)
        .when(withdrawal, contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the referral was already answered or closed', () => {
    it.each([
      ['accepted', referralAccepted()],
      ['declined', referralDeclined()],
      ['withdrawn', referralWithdrawn()],
      ['expired', referralExpired()],
    ])('refuses to withdraw a referral that was %s', (_outcome, closing) => {
      spec
        .given([...sent, happened(closing, '2026-02-14T12:00:00.000Z')])
        .when(withdrawal, bySender)
        .thenThrows(IllegalStateError, 'referral-not-pending');
    });
  });

  describe('When the referral does not exist', () => {
    it('says it is not found', () => {
      spec
        .given(sent)
        .when({ ...withdrawal, referralId: exampleIds.secondReferral }, bySender)
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the withdrawal is dated before the referral was sent', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(withdrawal, contextAt('2026-02-14T08:00:00.000Z', caseworkerOf(exampleIds.socialServices), WITHDRAWN_AT))
        .thenThrows(ValidationError, 'occurred-before-referral');
    });
  });

  describe('When the withdrawal is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(withdrawal, contextAt('2026-02-01T09:00:00.000Z', caseworkerOf(exampleIds.socialServices), WITHDRAWN_AT))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the withdrawal is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(withdrawal, contextAt('2026-02-16T09:00:00.000Z', caseworkerOf(exampleIds.socialServices), WITHDRAWN_AT))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the withdrawal', () => {
      spec.given([]).when(withdrawal, bySender).thenThrows(NotFoundError, 'referral-not-found');
    });
  });
});

describe('The referral withdrawal request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(WithdrawReferralRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );

  it('accepts a time, or nothing at all', () => {
    expect(errorsIn({ occurredAt: '2026-02-15T10:00:00+01:00' })).toEqual([]);
    expect(errorsIn({})).toEqual([]);
  });

  it.each([
    ['referralId', exampleIds.referral],
    ['occurredAt', '2026-02-15'],
    ['reason', 'changed my mind'],
  ])('refuses the %s %p, since the path names the referral', (field, value) => {
    expect(errorsIn({ [field]: value })).toEqual([field]);
  });
});
