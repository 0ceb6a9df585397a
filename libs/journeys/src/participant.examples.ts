import { ParticipantEvent, ParticipantEventType, SealedPersonalData, StatisticalAttributes } from './participant';

/**
 * Example events for the participant stream, shared by the slices' specs. Ids are fixed so that expected
 * events can be written out in full; the personal data is a stand-in, never a real person's.
 */
type EventOf<Type extends ParticipantEventType> = Extract<ParticipantEvent, { type: Type }>;
type DataOf<Type extends ParticipantEventType> = EventOf<Type>['data'];

export const exampleIds = {
  participant: '7a0e4c52-3b8f-4d19-8e6a-2c4b6d8f0a11',
  /** Eskilstuna socialtjänst, where the participant was registered. */
  socialServices: '5f1c2a9e-0b7d-4c1e-9a3f-1d2e3f4a5b01',
  labourMarketUnit: '5f1c2a9e-0b7d-4c1e-9a3f-1d2e3f4a5b02',
  adultEducation: '5f1c2a9e-0b7d-4c1e-9a3f-1d2e3f4a5b03',
  employmentService: '5f1c2a9e-0b7d-4c1e-9a3f-1d2e3f4a5b04',
  consent: 'c3d1b7a0-6e2f-4a58-b9c4-0e1f2a3b4c01',
  secondConsent: 'c3d1b7a0-6e2f-4a58-b9c4-0e1f2a3b4c02',
  referral: 'e8f2a4c6-1d3b-4e5f-a7b9-c1d2e3f4a501',
  secondReferral: 'e8f2a4c6-1d3b-4e5f-a7b9-c1d2e3f4a502',
  journey: '9b4d6f80-2a1c-4e3b-8d5f-7a9c1e3b5d01',
  track: '2c6e8a0b-4d2f-4b1a-9c3e-5f7a9b1d3f01',
} as const;

/** The day the examples start: the participant is registered on it. */
export const REGISTERED_AT = '2026-02-02T08:00:00.000Z';

/** Stands in for what the KeyVault seals; the kid is the participant, as it must be for gallring to reach it. */
export const sealedExample = (participantId: string = exampleIds.participant): SealedPersonalData => ({
  alg: 'A256GCM',
  kid: participantId,
  iv: 'AAECAwQFBgcICQoL',
  tag: 'AAECAwQFBgcICQoLDA0ODw',
  ct: 'c2FtcGxlLWNpcGhlcnRleHQ',
});

/** A keyed hash as LookupHasher writes it: 64 hex digits. */
export const LOOKUP_HASH_EXAMPLE = '3f9a'.repeat(16);

export const attributesExample: StatisticalAttributes = {
  gender: 'kvinna',
  birthYear: 1990,
  newlyArrived: true,
  educationBand: 'isced_3_4',
  homeMunicipality: '0484',
};

export const participantRegistered = (data: Partial<DataOf<'ParticipantRegistered'>> = {}): EventOf<'ParticipantRegistered'> => ({
  type: 'ParticipantRegistered',
  data: {
    participantId: exampleIds.participant,
    organisationId: exampleIds.socialServices,
    identity: { kind: 'identified', personal: sealedExample(), lookupHash: LOOKUP_HASH_EXAMPLE },
    attributes: attributesExample,
    protectedIdentity: false,
    ...data,
  },
});

export const anonymousParticipantRegistered = (
  reason: 'no_consent' | 'protected_identity' = 'no_consent',
): EventOf<'ParticipantRegistered'> =>
  participantRegistered({
    identity: { kind: 'anonymous', reason },
    attributes: { gender: 'man', birthYear: 1985, newlyArrived: false, educationBand: 'unknown' },
    protectedIdentity: reason === 'protected_identity',
  });

/** By default the consent lets social services share with the labour-market unit for the whole of 2026. */
export const consentRecorded = (data: Partial<DataOf<'ConsentRecorded'>> = {}): EventOf<'ConsentRecorded'> => ({
  type: 'ConsentRecorded',
  data: {
    consentId: exampleIds.consent,
    organisationIds: [exampleIds.socialServices, exampleIds.labourMarketUnit],
    purpose: 'dua_samverkan',
    validFrom: '2026-01-01',
    validUntil: '2026-12-31',
    ...data,
  },
});

export const consentWithdrawn = (consentId: string = exampleIds.consent): EventOf<'ConsentWithdrawn'> => ({
  type: 'ConsentWithdrawn',
  data: { consentId },
});

/** By default social services refers to the labour-market unit with the default 30 days to answer. */
export const participantReferred = (data: Partial<DataOf<'ParticipantReferred'>> = {}): EventOf<'ParticipantReferred'> => ({
  type: 'ParticipantReferred',
  data: {
    referralId: exampleIds.referral,
    fromOrganisationId: exampleIds.socialServices,
    toOrganisationId: exampleIds.labourMarketUnit,
    reason: 'work_preparation',
    deadlineAt: '2026-03-16T09:00:00.000Z',
    ...data,
  },
});

export const referralAccepted = (referralId: string = exampleIds.referral): EventOf<'ReferralAccepted'> => ({
  type: 'ReferralAccepted',
  data: { referralId },
});

export const referralDeclined = (referralId: string = exampleIds.referral): EventOf<'ReferralDeclined'> => ({
  type: 'ReferralDeclined',
  data: { referralId, reason: 'no_capacity' },
});

export const referralWithdrawn = (referralId: string = exampleIds.referral): EventOf<'ReferralWithdrawn'> => ({
  type: 'ReferralWithdrawn',
  data: { referralId },
});

export const referralExpired = (referralId: string = exampleIds.referral): EventOf<'ReferralExpired'> => ({
  type: 'ReferralExpired',
  data: { referralId },
});

export const journeyOpened = (data: Partial<DataOf<'JourneyOpened'>> = {}): EventOf<'JourneyOpened'> => ({
  type: 'JourneyOpened',
  data: { journeyId: exampleIds.journey, organisationId: exampleIds.socialServices, ...data },
});

export const journeyClosed = (journeyId: string = exampleIds.journey): EventOf<'JourneyClosed'> => ({
  type: 'JourneyClosed',
  data: { journeyId, reason: 'work' },
});
