import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import { ParticipantEvent, ParticipantState, StampedEvent, organisationsWithAccess } from '../participant';
import {
  REGISTERED_AT,
  consentRecorded,
  consentWithdrawn,
  exampleIds,
  journeyOpened,
  participantReferred,
  participantRegistered,
  referralAccepted,
} from '../participant.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { WithdrawConsent, withdrawConsentDecider } from './withdraw-consent';
import { WithdrawConsentRequestDto } from './withdraw-consent.request.dto';

const spec = deciderSpec(withdrawConsentDecider);
const WITHDRAWN_AT = '2026-04-01T10:00:00.000Z';
const atSocialServices = contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.socialServices));

const withdrawal: WithdrawConsent = {
  kind: 'WithdrawConsent',
  participantId: exampleIds.participant,
  consentId: exampleIds.consent,
};

const withConsent: StampedEvent<ParticipantEvent>[] = [
  happened(participantRegistered(), REGISTERED_AT),
  happened(consentRecorded(), REGISTERED_AT),
];
const withAcceptedReferral: StampedEvent<ParticipantEvent>[] = [
  ...withConsent,
  happened(journeyOpened(), REGISTERED_AT),
  happened(participantReferred(), '2026-02-14T09:00:00.000Z'),
  happened(referralAccepted(), '2026-02-16T09:00:00.000Z'),
];

const registeredOnly = (state: ParticipantState) => {
  if (state.status !== 'registered') throw new Error('The examples register the participant first');
  return state;
};

describe('Withdraw consent', () => {
  describe('When the participant withdraws a consent in force', () => {
    it('records the withdrawal', () => {
      spec.given(withConsent).when(withdrawal, atSocialServices).then([consentWithdrawn()]);
    });

    it('stops the sharing and nothing else', () => {
      const [event] = spec.given(withAcceptedReferral).when(withdrawal, atSocialServices).events();
      const fold = (events: typeof withAcceptedReferral) =>
        events.reduce<ParticipantState>(withdrawConsentDecider.evolve, withdrawConsentDecider.initialState);
      const before = fold(withAcceptedReferral);
      const after = fold([...withAcceptedReferral, happened(event!, WITHDRAWN_AT)]);

      expect(organisationsWithAccess(before, WITHDRAWN_AT).has(exampleIds.labourMarketUnit)).toBe(true);
      expect(organisationsWithAccess(after, WITHDRAWN_AT).has(exampleIds.labourMarketUnit)).toBe(false);
      // The referral stays accepted and the journey stays open: the record and its statistics are kept.
      expect(registeredOnly(after).referrals).toEqual(registeredOnly(before).referrals);
      expect(registeredOnly(after).journeys).toEqual(registeredOnly(before).journeys);
    });
  });

  describe('When the receiving organisation records the withdrawal', () => {
    it('refuses it: the consent is the record of the organisation that recorded it, which records its withdrawal', () => {
      spec
        .given(withAcceptedReferral)
        .when(withdrawal, contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.labourMarketUnit)))
        .thenThrows(ForbiddenError, 'not-record-owner');
    });
  });

  describe('When the organisation does not work with the participant', () => {
    it('refuses the withdrawal', () => {
      spec
        .given(withConsent)
        .when(withdrawal, contextAt(WITHDRAWN_AT, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the consent does not exist', () => {
    it('says it is not found', () => {
      spec
        .given(withConsent)
        .when({ ...withdrawal, consentId: exampleIds.secondConsent }, atSocialServices)
        .thenThrows(NotFoundError, 'consent-not-found');
    });
  });

  describe('When the consent was already withdrawn', () => {
    it('refuses to withdraw it again', () => {
      spec
        .given([...withConsent, happened(consentWithdrawn(), '2026-03-01T10:00:00.000Z')])
        .when(withdrawal, atSocialServices)
        .thenThrows(IllegalStateError, 'consent-already-withdrawn');
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the withdrawal', () => {
      spec.given([]).when(withdrawal, atSocialServices).thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the withdrawal is dated before the registration', () => {
    it('refuses it', () => {
      spec
        .given(withConsent)
        .when(withdrawal, contextAt('2026-02-01T10:00:00.000Z', caseworkerOf(exampleIds.socialServices), WITHDRAWN_AT))
        .thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the withdrawal is dated in the future', () => {
    it('refuses it', () => {
      spec
        .given(withConsent)
        .when(withdrawal, contextAt('2026-04-02T10:00:00.000Z', caseworkerOf(exampleIds.socialServices), WITHDRAWN_AT))
        .thenThrows(ValidationError, 'occurred-in-future');
    });
  });
});

describe('The withdrawal request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(WithdrawConsentRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );

  it('accepts a time, or nothing at all', () => {
    expect(errorsIn({ occurredAt: '2026-04-01T12:00:00+02:00' })).toEqual([]);
    expect(errorsIn({})).toEqual([]);
  });

  it.each([
    ['consentId', exampleIds.consent],
    ['occurredAt', 'yesterday'],
  ])('refuses the %s %p, since the path names the consent', (field, value) => {
    expect(errorsIn({ [field]: value })).toEqual([field]);
  });
});
