import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { CommandContext } from '../command-handling';
import {
  REGISTERED_AT,
  consentRecorded,
  exampleIds,
  participantReferred,
  participantRegistered,
  referralAccepted,
  referralDeclined,
  referralExpired,
  referralWithdrawn,
} from '../participant.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { ExpireReferral, expireReferralDecider } from './expire-referral';
import { ExpireReferralRequestDto } from './expire-referral.request.dto';

const spec = deciderSpec(expireReferralDecider);
const SENT_AT = '2026-02-14T09:00:00.000Z';
/** participantReferred() gives the receiver 30 days. */
const DEADLINE_AT = '2026-03-16T09:00:00.000Z';
const system: CommandContext['actor'] = { userId: 'referral-sweep', role: 'system' };
const bySystem = (occurredAt: string, now = occurredAt) => contextAt(occurredAt, system, now);

const sent = [
  happened(participantRegistered(), REGISTERED_AT),
  happened(consentRecorded(), REGISTERED_AT),
  happened(participantReferred(), SENT_AT),
];

const expiry: ExpireReferral = {
  kind: 'ExpireReferral',
  participantId: exampleIds.participant,
  referralId: exampleIds.referral,
};

describe('Expire a referral', () => {
  describe('When the deadline has passed without an answer', () => {
    it('records the expiry', () => {
      spec.given(sent).when(expiry, bySystem('2026-03-16T09:05:00.000Z')).then([referralExpired()]);
    });

    it('records it at the deadline itself', () => {
      spec.given(sent).when(expiry, bySystem(DEADLINE_AT)).then([referralExpired()]);
    });

    it('records it dated at the deadline when the sweep runs late', () => {
      spec.given(sent).when(expiry, bySystem(DEADLINE_AT, '2026-03-20T02:00:00.000Z')).then([referralExpired()]);
    });
  });

  describe('When the deadline has not passed', () => {
    it('refuses to expire the referral', () => {
      spec.given(sent).when(expiry, bySystem('2026-03-16T08:59:59.999Z')).thenThrows(IllegalStateError, 'referral-not-due');
    });

    it('refuses an expiry dated before the deadline, even when the sweep runs after it', () => {
      spec
        .given(sent)
        .when(expiry, bySystem('2026-03-10T09:00:00.000Z', '2026-03-20T02:00:00.000Z'))
        .thenThrows(IllegalStateError, 'referral-not-due');
    });
  });

  describe('When a caseworker asks for the expiry', () => {
    it.each([exampleIds.socialServices, exampleIds.labourMarketUnit])('refuses the caseworker of %s', (organisationId) => {
      spec
        .given(sent)
        .when(expiry, contextAt('2026-03-17T09:00:00.000Z', caseworkerOf(organisationId)))
        .thenThrows(ForbiddenError, 'system-only');
    });
  });

  describe('When the referral was already answered or closed', () => {
    it.each([
      ['accepted', referralAccepted()],
      ['declined', referralDeclined()],
      ['withdrawn', referralWithdrawn()],
      ['expired', referralExpired()],
    ])('refuses to expire a referral that was %s', (_outcome, closing) => {
      spec
        .given([...sent, happened(closing, '2026-02-20T09:00:00.000Z')])
        .when(expiry, bySystem('2026-03-17T09:00:00.000Z'))
        .thenThrows(IllegalStateError, 'referral-not-pending');
    });
  });

  describe('When the referral does not exist', () => {
    it('says it is not found', () => {
      spec
        .given(sent)
        .when({ ...expiry, referralId: exampleIds.secondReferral }, bySystem('2026-03-17T09:00:00.000Z'))
        .thenThrows(NotFoundError, 'referral-not-found');
    });
  });

  describe('When the expiry is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(expiry, bySystem('2026-02-01T09:00:00.000Z', '2026-03-17T09:00:00.000Z'))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the expiry is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(sent)
        .when(expiry, bySystem('2026-03-18T09:00:00.000Z', '2026-03-17T09:00:00.000Z'))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the expiry', () => {
      spec.given([]).when(expiry, bySystem('2026-03-17T09:00:00.000Z')).thenThrows(NotFoundError, 'participant-not-found');
    });
  });
});

describe('The expiry request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(ExpireReferralRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );

  it('accepts a referral id', () => {
    expect(errorsIn({ referralId: exampleIds.referral })).toEqual([]);
  });

  it.each([
    ['referralId', 'remiss-1'],
    ['occurredAt', 'nu'],
  ])('refuses the %s %p', (field, value) => {
    expect(errorsIn({ referralId: exampleIds.referral, [field]: value })).toEqual([field]);
  });
});
