import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IllegalStateError, NotFoundError, ValidationError } from '@samspar/kernel';
import {
  REGISTERED_AT,
  anonymousParticipantRegistered,
  consentRecorded,
  exampleIds,
  participantReferred,
  participantRegistered,
  referralAccepted,
} from '../participant.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { RecordConsent, recordConsentDecider } from './record-consent';
import { RecordConsentRequestDto } from './record-consent.request.dto';

const spec = deciderSpec(recordConsentDecider);
const ON_CONSENT_DAY = '2026-02-09T10:00:00.000Z';
const atSocialServices = contextAt(ON_CONSENT_DAY, caseworkerOf(exampleIds.socialServices));
const registered = [happened(participantRegistered(), REGISTERED_AT)];

const consent = (overrides: Partial<RecordConsent> = {}): RecordConsent => ({
  kind: 'RecordConsent',
  participantId: exampleIds.participant,
  consentId: exampleIds.consent,
  organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit],
  purpose: 'dua_samverkan',
  validFrom: '2026-01-01',
  validUntil: '2026-12-31',
  ...overrides,
});

describe('Record consent', () => {
  describe('When the participant consents to sharing between named organisations', () => {
    it('records the consent', () => {
      spec.given(registered).when(consent(), atSocialServices).then([consentRecorded()]);
    });

    it('records an open-ended consent without an end date', () => {
      const { validUntil: _open, ...data } = consentRecorded().data;
      spec
        .given(registered)
        .when(consent({ validUntil: undefined }), atSocialServices)
        .then([{ type: 'ConsentRecorded', data }]);
    });

    it('accepts a consent that covers a single day', () => {
      spec
        .given(registered)
        .when(consent({ validFrom: '2026-03-01', validUntil: '2026-03-01' }), atSocialServices)
        .then([consentRecorded({ validFrom: '2026-03-01', validUntil: '2026-03-01' })]);
    });
  });

  describe('When the participant is anonymous because they had not consented', () => {
    it('records the consent, which may come later', () => {
      spec
        .given([happened(anonymousParticipantRegistered('no_consent'), REGISTERED_AT)])
        .when(consent(), atSocialServices)
        .then([consentRecorded()]);
    });
  });

  describe('When no participant is registered under the id', () => {
    it('refuses the consent', () => {
      spec.given([]).when(consent(), atSocialServices).thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the consent is dated before the registration', () => {
    it('refuses it', () => {
      const early = contextAt('2026-02-02T07:59:59.000Z', caseworkerOf(exampleIds.socialServices), ON_CONSENT_DAY);
      spec.given(registered).when(consent(), early).thenThrows(ValidationError, 'occurred-before-registration');
    });
  });

  describe('When the consent is dated in the future', () => {
    it('refuses it', () => {
      const ahead = contextAt('2026-02-10T10:00:00.000Z', caseworkerOf(exampleIds.socialServices), ON_CONSENT_DAY);
      spec.given(registered).when(consent(), ahead).thenThrows(ValidationError, 'occurred-in-future');
    });
  });

  describe('When the organisation does not work with the participant', () => {
    it('refuses the consent', () => {
      spec
        .given(registered)
        .when(consent(), contextAt(ON_CONSENT_DAY, caseworkerOf(exampleIds.adultEducation)))
        .thenThrows(NotFoundError, 'participant-not-found');
    });

    it('refuses a user who acts for no organisation', () => {
      spec
        .given(registered)
        .when(consent(), contextAt(ON_CONSENT_DAY, { userId: 'someone', role: 'caseworker' }))
        .thenThrows(NotFoundError, 'participant-not-found');
    });
  });

  describe('When the organisation works with the participant through an accepted referral', () => {
    it('records the consent', () => {
      const history = [
        ...registered,
        happened(consentRecorded(), REGISTERED_AT),
        happened(participantReferred(), REGISTERED_AT),
        happened(referralAccepted(), REGISTERED_AT),
      ];
      const second = {
        consentId: exampleIds.secondConsent,
        organisationIds: [exampleIds.labourMarketUnit, exampleIds.adultEducation],
      };
      spec
        .given(history)
        .when(consent(second), contextAt(ON_CONSENT_DAY, caseworkerOf(exampleIds.labourMarketUnit)))
        .then([consentRecorded(second)]);
    });
  });

  describe('When a consent with the same id is already recorded', () => {
    it('refuses to record it twice', () => {
      spec
        .given([...registered, consentRecorded()])
        .when(consent(), atSocialServices)
        .thenThrows(IllegalStateError, 'consent-exists');
    });
  });

  describe('When the organisations are not a list of distinct ids', () => {
    it.each([
      ['no organisation', []],
      ['the same organisation twice', [exampleIds.labourMarketUnit, exampleIds.labourMarketUnit]],
      ['a name instead of an id', ['Arbetsmarknadsenheten']],
    ])('refuses %s', (_case, organisationIds) => {
      spec
        .given(registered)
        .when(consent({ organisationIds }), atSocialServices)
        .thenThrows(ValidationError, 'consent-organisations-invalid');
    });
  });

  describe('When the purpose is not a short code-like text', () => {
    it.each([
      ['an empty purpose', ''],
      ['a purpose of 201 characters', 'a'.repeat(201)],
      ['a leading space', ' dua'],
      ['an e-mail address', 'kontakt anna@example.se'],
      ['a personnummer', 'remiss 19900101-2385'],
      ['a phone number', 'ring 0701234567'],
      ['a line break', 'dua\nsamverkan'],
    ])('refuses %s', (_case, purpose) => {
      spec.given(registered).when(consent({ purpose }), atSocialServices).thenThrows(ValidationError, 'consent-purpose-invalid');
    });

    it.each(['Samordning av insatser (DUA) 2026', 'a'.repeat(200), 'esf:connect/steg-2'])('accepts %p', (purpose) => {
      spec
        .given(registered)
        .when(consent({ purpose }), atSocialServices)
        .then([consentRecorded({ purpose })]);
    });
  });

  describe('When a date is not a day in the calendar', () => {
    it.each([
      ['validFrom', '2026-02-30'],
      ['validFrom', '2026-13-01'],
      ['validFrom', '2026-3-1'],
      ['validFrom', '2026-03-01T00:00:00Z'],
      ['validUntil', '2026-02-29'],
    ])('refuses %s %p', (field, day) => {
      spec
        .given(registered)
        .when(consent({ [field]: day }), atSocialServices)
        .thenThrows(ValidationError, 'consent-date-invalid');
    });
  });

  describe('When the consent ends before it starts', () => {
    it('refuses the period', () => {
      spec
        .given(registered)
        .when(consent({ validFrom: '2026-03-01', validUntil: '2026-02-28' }), atSocialServices)
        .thenThrows(ValidationError, 'consent-period-invalid');
    });
  });
});

describe('The consent request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(RecordConsentRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => error.property,
    );
  const body = {
    consentId: exampleIds.consent,
    organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit],
    purpose: 'dua_samverkan',
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
  };

  it('accepts a well-formed consent', () => {
    expect(errorsIn(body)).toEqual([]);
  });

  it.each([
    ['consentId', 'consent-1'],
    ['organisationIds', []],
    ['organisationIds', [exampleIds.socialServices, exampleIds.socialServices]],
    ['organisationIds', ['social services']],
    ['purpose', ''],
    ['purpose', 'anna@example.se'],
    ['validFrom', '2026-02-30'],
    ['validFrom', '2026-02-01T00:00:00Z'],
    ['validUntil', '31/12/2026'],
    ['occurredAt', '2026-02-09'],
  ])('refuses the %s %p', (field, value) => {
    expect(errorsIn({ ...body, [field]: value })).toEqual([field]);
  });
});
