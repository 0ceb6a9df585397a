import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ForbiddenError, IllegalStateError, ValidationError } from '@samspar/kernel';
import { StatisticalAttributes } from '../participant';
import {
  LOOKUP_HASH_EXAMPLE,
  REGISTERED_AT,
  attributesExample,
  exampleIds,
  participantRegistered,
  sealedExample,
} from '../participant.examples';
import { caseworkerOf, contextAt, deciderSpec, happened } from '../testing';
import { RegisterParticipant, registerParticipantDecider } from './register-participant';
import { RegisterParticipantRequestDto } from './register-participant.request.dto';

const spec = deciderSpec(registerParticipantDecider);
const atSocialServices = contextAt(REGISTERED_AT, caseworkerOf(exampleIds.socialServices));

const identified = (overrides: Partial<RegisterParticipant> = {}): RegisterParticipant => ({
  kind: 'RegisterParticipant',
  participantId: exampleIds.participant,
  identity: { kind: 'identified', personal: sealedExample(), lookupHash: LOOKUP_HASH_EXAMPLE },
  attributes: attributesExample,
  protectedIdentity: false,
  ...overrides,
});

const withAttributes = (attributes: Partial<StatisticalAttributes>): RegisterParticipant =>
  identified({ attributes: { ...attributesExample, ...attributes } });

describe('Register a participant', () => {
  describe('When an identified person is registered', () => {
    it('records the sealed identity, the attributes and the organisation of the caseworker', () => {
      spec.given([]).when(identified(), atSocialServices).then([participantRegistered()]);
    });

    it('keeps nothing from the command beyond the sealed fields and the hash', () => {
      const smuggled = {
        ...identified(),
        identity: {
          kind: 'identified',
          personal: { ...sealedExample(), personnummer: '199001012385' },
          lookupHash: LOOKUP_HASH_EXAMPLE,
          name: 'Anna',
        },
        attributes: { ...attributesExample, firstName: 'Anna' },
      } as RegisterParticipant;
      spec.given([]).when(smuggled, atSocialServices).then([participantRegistered()]);
    });
  });

  describe('When the person is registered anonymously', () => {
    it('records only the reason and the statistical attributes', () => {
      const { homeMunicipality: _none, ...attributes } = attributesExample;
      spec
        .given([])
        .when(identified({ identity: { kind: 'anonymous', reason: 'no_consent' }, attributes }), atSocialServices)
        .then([participantRegistered({ identity: { kind: 'anonymous', reason: 'no_consent' }, attributes })]);
    });

    it('refuses a reason that is not in the vocabulary', () => {
      const unknownReason = { kind: 'anonymous', reason: 'asked_nicely' } as unknown as RegisterParticipant['identity'];
      spec
        .given([])
        .when(identified({ identity: unknownReason }), atSocialServices)
        .thenThrows(ValidationError, 'anonymous-reason-invalid');
    });
  });

  describe('When the person has skyddade personuppgifter', () => {
    it('registers them anonymously for that reason, marked as protected', () => {
      const command = identified({ identity: { kind: 'anonymous', reason: 'protected_identity' }, protectedIdentity: true });
      spec
        .given([])
        .when(command, atSocialServices)
        .then([
          participantRegistered({ identity: { kind: 'anonymous', reason: 'protected_identity' }, protectedIdentity: true }),
        ]);
    });

    it('refuses to register them with an identity', () => {
      spec
        .given([])
        .when(identified({ protectedIdentity: true }), atSocialServices)
        .thenThrows(ValidationError, 'protected-identity-must-be-anonymous');
    });

    it('refuses an anonymous registration for another reason', () => {
      const command = identified({ identity: { kind: 'anonymous', reason: 'no_consent' }, protectedIdentity: true });
      spec.given([]).when(command, atSocialServices).thenThrows(ValidationError, 'protected-identity-must-be-anonymous');
    });

    it('refuses to leave the protection unmarked', () => {
      const command = identified({ identity: { kind: 'anonymous', reason: 'protected_identity' }, protectedIdentity: false });
      spec.given([]).when(command, atSocialServices).thenThrows(ValidationError, 'protected-identity-must-be-flagged');
    });
  });

  describe('When the participant is already registered', () => {
    it('refuses to register them again', () => {
      spec
        .given([happened(participantRegistered(), REGISTERED_AT)])
        .when(identified(), atSocialServices)
        .thenThrows(IllegalStateError, 'participant-exists');
    });
  });

  describe('When the caseworker acts for no organisation', () => {
    it('refuses, since the participant would belong to nobody', () => {
      spec
        .given([])
        .when(identified(), contextAt(REGISTERED_AT, { userId: 'someone', role: 'caseworker' }))
        .thenThrows(ForbiddenError, 'organisation-required');
    });
  });

  describe('When the participant id is not a UUID', () => {
    it('refuses it, since the key vault keys personal data by it', () => {
      spec
        .given([])
        .when(identified({ participantId: 'participant-1' }), atSocialServices)
        .thenThrows(ValidationError, 'participant-id-invalid');
    });
  });

  describe('When the personal data was sealed with another key', () => {
    it('refuses it, since gallring would not reach it', () => {
      const command = identified({
        identity: { kind: 'identified', personal: sealedExample(exampleIds.journey), lookupHash: LOOKUP_HASH_EXAMPLE },
      });
      spec.given([]).when(command, atSocialServices).thenThrows(ValidationError, 'sealed-for-another-participant');
    });

    it('accepts the same id written in capitals', () => {
      const command = identified({
        identity: {
          kind: 'identified',
          personal: sealedExample(exampleIds.participant.toUpperCase()),
          lookupHash: LOOKUP_HASH_EXAMPLE,
        },
      });
      expect(spec.given([]).when(command, atSocialServices).events()).toHaveLength(1);
    });
  });

  describe('When the lookup hash is not a keyed hash', () => {
    it('refuses a plain personnummer in its place', () => {
      const command = identified({
        identity: { kind: 'identified', personal: sealedExample(), lookupHash: '199001012385' },
      });
      spec.given([]).when(command, atSocialServices).thenThrows(ValidationError, 'lookup-hash-invalid');
    });
  });

  describe('When a statistical attribute is outside the vocabulary', () => {
    it.each([
      ['gender', { gender: 'female' as never }, 'gender-invalid'],
      ['newly arrived', { newlyArrived: 'ja' as never }, 'newly-arrived-invalid'],
      ['education band', { educationBand: 'isced_9' as never }, 'education-band-invalid'],
      ['home municipality', { homeMunicipality: 'Eskilstuna' }, 'home-municipality-invalid'],
      ['home municipality', { homeMunicipality: '484' }, 'home-municipality-invalid'],
    ])('refuses the %s', (_name, attributes, rule) => {
      spec.given([]).when(withAttributes(attributes), atSocialServices).thenThrows(ValidationError, rule);
    });
  });

  describe('When the birth year is outside 1900 to this year', () => {
    it.each([1899, 2027, 1990.5])('refuses %p', (birthYear) => {
      spec.given([]).when(withAttributes({ birthYear }), atSocialServices).thenThrows(ValidationError, 'birth-year-invalid');
    });

    it.each([1900, 2026])('accepts %p', (birthYear) => {
      expect(spec.given([]).when(withAttributes({ birthYear }), atSocialServices).events()).toHaveLength(1);
    });

    it('counts the year by the Swedish calendar, in which New Year comes an hour before UTC', () => {
      const newYearInStockholm = contextAt('2026-12-31T23:30:00.000Z', caseworkerOf(exampleIds.socialServices));
      expect(
        spec
          .given([])
          .when(withAttributes({ birthYear: 2027 }), newYearInStockholm)
          .events(),
      ).toHaveLength(1);
    });
  });

  describe('When the registration is dated in the future', () => {
    it('refuses it', () => {
      const context = contextAt('2026-02-03T08:00:00.000Z', caseworkerOf(exampleIds.socialServices), REGISTERED_AT);
      spec.given([]).when(identified(), context).thenThrows(ValidationError, 'occurred-in-future');
    });
  });
});

describe('The registration request', () => {
  const errorsIn = (body: object) =>
    validateSync(plainToInstance(RegisterParticipantRequestDto, body), { whitelist: true, forbidNonWhitelisted: true }).map(
      (error) => `${error.property}:${Object.keys(error.constraints ?? {}).join(',')}`,
    );

  const statistics = { gender: 'kvinna', newlyArrived: true, educationBand: 'isced_3_4' };
  const identifiedBody = {
    participantId: exampleIds.participant,
    personnummer: '19900101-2385',
    firstName: 'Anna',
    lastName: 'Andersson',
    phone: '+46 70-123 45 67',
    email: 'anna@example.se',
    homeMunicipality: '0484',
    occurredAt: '2026-02-02T09:00:00+01:00',
    ...statistics,
  };
  const anonymousBody = {
    participantId: exampleIds.participant,
    anonymous: true,
    anonymousReason: 'no_consent',
    birthYear: 1985,
    ...statistics,
  };

  describe('When an identified person is sent with their personnummer', () => {
    it('is valid', () => {
      expect(errorsIn(identifiedBody)).toEqual([]);
    });
  });

  describe('When an identified person is sent without a personnummer', () => {
    it('names the personnummer as missing', () => {
      const { personnummer: _missing, ...body } = identifiedBody;
      expect(errorsIn(body)).toEqual([expect.stringMatching(/^personnummer:.*isDefined/)]);
    });
  });

  describe('When an identified person is sent with a birth year', () => {
    it('refuses it, since the personnummer gives it', () => {
      expect(errorsIn({ ...identifiedBody, birthYear: 1990 })).toEqual(['birthYear:onlyWhenAnonymous']);
    });
  });

  describe('When an anonymous person is sent with only statistics', () => {
    it('is valid', () => {
      expect(errorsIn(anonymousBody)).toEqual([]);
    });

    it('needs a reason and a birth year', () => {
      const { anonymousReason: _reason, birthYear: _year, ...body } = anonymousBody;
      expect(errorsIn(body)).toEqual([
        expect.stringMatching(/^anonymousReason:.*isDefined/),
        expect.stringMatching(/^birthYear:.*isDefined/),
      ]);
    });
  });

  describe('When an anonymous person is sent with personal data', () => {
    it.each(['personnummer', 'firstName', 'lastName', 'phone', 'email'] as const)('refuses the %s', (field) => {
      expect(errorsIn({ ...anonymousBody, [field]: identifiedBody[field] })).toEqual([`${field}:notWhenAnonymous`]);
    });
  });

  describe('When an anonymous reason is sent for an identified person', () => {
    it('refuses it', () => {
      expect(errorsIn({ ...identifiedBody, anonymousReason: 'no_consent' })).toEqual(['anonymousReason:onlyWhenAnonymous']);
    });
  });

  describe('When a field has the wrong shape', () => {
    it.each([
      ['participantId', '01890a5d-ac96-774b-bcce-b302099a8057'],
      ['personnummer', '19900101-2385-1'],
      ['phone', 'call me'],
      ['email', 'anna-at-example'],
      ['gender', 'female'],
      ['educationBand', 'isced_9'],
      ['homeMunicipality', '484'],
      ['occurredAt', '2026-02-02'],
      ['newlyArrived', 'yes'],
    ])('refuses the %s %p', (field, value) => {
      expect(errorsIn({ ...identifiedBody, [field]: value })).toEqual([expect.stringMatching(new RegExp(`^${field}:`))]);
    });

    it('refuses a birth year before 1900', () => {
      expect(errorsIn({ ...anonymousBody, birthYear: 1899 })).toEqual(['birthYear:min']);
    });

    it('refuses a field it does not know', () => {
      expect(errorsIn({ ...identifiedBody, address: 'Storgatan 1' })).toEqual(['address:whitelistValidation']);
    });
  });
});
