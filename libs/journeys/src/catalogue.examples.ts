import { Actor } from '@samspar/kernel';
import { CommandContext } from './command-handling';
import { OrganisationEvent } from './organisation';
import { TrackEvent } from './track';
import { AddUnit } from './add-unit/add-unit';
import { DefineTrack } from './define-track/define-track';
import { RegisterOrganisation } from './register-organisation/register-organisation';
import { RetireTrack } from './retire-track/retire-track';
import { ReviseTrack } from './revise-track/revise-track';

/**
 * Example catalogue events and commands for tests: the DUA cooperation in Eskilstuna, where the
 * labour-market unit runs a jobbspår with a care employer.
 */
export const catalogueIds = {
  organisation: '3f1c2a7e-5b1d-4c2e-9a1f-0d6b7e8a1c01',
  employer: 'b7e4d1a2-8c3f-4e5a-a1b2-3c4d5e6f7a02',
  otherEmployer: 'b7e4d1a2-8c3f-4e5a-a1b2-3c4d5e6f7a03',
  unit: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c04',
  otherUnit: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c05',
  track: '9d8c7b6a-5f4e-4d3c-b2a1-0f9e8d7c6b06',
} as const;

/** The labour-market unit's own admin, who keeps its units and tracks. */
export const adminActor: Actor = { userId: 'admin-1', role: 'admin', organisationId: catalogueIds.organisation };

export const adminAt = (occurredAt: string, now: string = occurredAt): CommandContext => ({
  occurredAt,
  now,
  actor: adminActor,
});

/** An admin of the care employer: keeps that organisation's entries, not the labour-market unit's. */
export const otherAdminAt = (occurredAt: string): CommandContext => ({
  occurredAt,
  now: occurredAt,
  actor: { userId: 'admin-2', role: 'admin', organisationId: catalogueIds.employer },
});

/** The region's system admin, who registers organisations and may keep any catalogue entry. */
export const systemAdminAt = (occurredAt: string, now: string = occurredAt): CommandContext => ({
  occurredAt,
  now,
  actor: { userId: 'region-admin', role: 'admin' },
  permissions: ['system_admin'],
});

type OrganisationEventOf<Type extends OrganisationEvent['type']> = Extract<OrganisationEvent, { type: Type }>;
type TrackEventOf<Type extends TrackEvent['type']> = Extract<TrackEvent, { type: Type }>;

export const organisationRegistered = {
  example: (
    data: Partial<OrganisationEventOf<'OrganisationRegistered'>['data']> = {},
  ): OrganisationEventOf<'OrganisationRegistered'> => ({
    type: 'OrganisationRegistered',
    data: {
      organisationId: catalogueIds.organisation,
      name: 'Arbetsmarknadsenheten, Eskilstuna kommun',
      kind: 'labour_market_unit',
      municipalityCode: '0484',
      referralDeadlineDays: 30,
      ...data,
    },
  }),
};

export const unitAdded = {
  example: (data: Partial<OrganisationEventOf<'UnitAdded'>['data']> = {}): OrganisationEventOf<'UnitAdded'> => ({
    type: 'UnitAdded',
    data: { unitId: catalogueIds.unit, name: 'Jobbtorget', ...data },
  }),
};

export const trackDefined = {
  /** A lokalt jobbspår: one employer and an SSYK code (5321, undersköterskor). */
  example: (data: Partial<TrackEventOf<'TrackDefined'>['data']> = {}): TrackEventOf<'TrackDefined'> => ({
    type: 'TrackDefined',
    data: {
      trackId: catalogueIds.track,
      name: 'Jobbspår vård och omsorg',
      kind: 'job_track',
      ownerOrganisationId: catalogueIds.organisation,
      employerOrganisationIds: [catalogueIds.employer],
      occupation: '5321',
      ...data,
    },
  }),
  /** A track that is not a jobbspår: no employers. */
  preparatory: (data: Partial<TrackEventOf<'TrackDefined'>['data']> = {}): TrackEventOf<'TrackDefined'> => ({
    type: 'TrackDefined',
    data: {
      trackId: catalogueIds.track,
      name: 'SFI med praktik',
      kind: 'preparatory',
      ownerOrganisationId: catalogueIds.organisation,
      employerOrganisationIds: [],
      ...data,
    },
  }),
};

export const trackRevised = {
  example: (data: TrackEventOf<'TrackRevised'>['data'] = { name: 'Jobbspår äldreomsorg' }): TrackEventOf<'TrackRevised'> => ({
    type: 'TrackRevised',
    data,
  }),
};

export const trackRetired = {
  example: (data: TrackEventOf<'TrackRetired'>['data'] = { reason: 'funding_ended' }): TrackEventOf<'TrackRetired'> => ({
    type: 'TrackRetired',
    data,
  }),
};

export const registerOrganisation = {
  example: (command: Partial<RegisterOrganisation> = {}): RegisterOrganisation => ({
    kind: 'RegisterOrganisation',
    organisationId: catalogueIds.organisation,
    name: 'Arbetsmarknadsenheten, Eskilstuna kommun',
    organisationKind: 'labour_market_unit',
    municipalityCode: '0484',
    ...command,
  }),
};

export const addUnit = {
  example: (command: Partial<AddUnit> = {}): AddUnit => ({
    kind: 'AddUnit',
    organisationId: catalogueIds.organisation,
    unitId: catalogueIds.unit,
    name: 'Jobbtorget',
    ...command,
  }),
};

export const defineTrack = {
  example: (command: Partial<DefineTrack> = {}): DefineTrack => ({
    kind: 'DefineTrack',
    trackId: catalogueIds.track,
    name: 'Jobbspår vård och omsorg',
    trackKind: 'job_track',
    ownerOrganisationId: catalogueIds.organisation,
    employerOrganisationIds: [catalogueIds.employer],
    occupation: '5321',
    ...command,
  }),
};

export const reviseTrack = {
  /** Given changes replace the default change, so that a test names exactly what it revises. */
  example: (changes: Partial<Omit<ReviseTrack, 'kind'>> = { name: 'Jobbspår äldreomsorg' }): ReviseTrack => ({
    kind: 'ReviseTrack',
    trackId: catalogueIds.track,
    ...changes,
  }),
};

export const retireTrack = {
  example: (command: Partial<RetireTrack> = {}): RetireTrack => ({
    kind: 'RetireTrack',
    trackId: catalogueIds.track,
    reason: 'funding_ended',
    ...command,
  }),
};
