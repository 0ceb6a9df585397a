import {
  CommandContext,
  OrganisationKind,
  OrganisationState,
  TrackKind,
  TrackState,
  addUnitDecider,
  defineTrackDecider,
  initialOrganisationState,
  initialTrackState,
  organisationStreamName,
  registerOrganisationDecider,
  trackStreamName,
} from '@samspar/journeys';
import { DecidedStream, DemoStream } from './decided-stream';
import { Random } from './random';

export interface Municipality {
  /** Kommunkod. */
  readonly code: string;
  readonly name: string;
  /** Roughly the population, in thousands: how many participants live there. */
  readonly weight: number;
}

/** Göteborgsregionen's 13 municipalities, whose residents reach interventions across municipal borders. */
export const MUNICIPALITIES: readonly Municipality[] = [
  { code: '1480', name: 'Göteborgs Stad', weight: 600 },
  { code: '1384', name: 'Kungsbacka kommun', weight: 85 },
  { code: '1481', name: 'Mölndals stad', weight: 70 },
  { code: '1482', name: 'Kungälvs kommun', weight: 48 },
  { code: '1441', name: 'Lerums kommun', weight: 43 },
  { code: '1489', name: 'Alingsås kommun', weight: 42 },
  { code: '1402', name: 'Partille kommun', weight: 40 },
  { code: '1401', name: 'Härryda kommun', weight: 39 },
  { code: '1440', name: 'Ale kommun', weight: 32 },
  { code: '1415', name: 'Stenungsunds kommun', weight: 28 },
  { code: '1419', name: 'Tjörns kommun', weight: 16 },
  { code: '1462', name: 'Lilla Edets kommun', weight: 14 },
  { code: '1407', name: 'Öckerö kommun', weight: 13 },
];

export interface DemoCaseworker {
  readonly userId: string;
  readonly unitId?: string;
}

export interface DemoOrganisation {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly municipalityCode: string;
  readonly referralDeadlineDays: number;
  readonly units: ReadonlyArray<{ readonly unitId: string; readonly name: string }>;
  readonly caseworkers: readonly DemoCaseworker[];
}

export interface DemoTrack {
  readonly trackId: string;
  readonly name: string;
  readonly kind: TrackKind;
  readonly owner: DemoOrganisation;
  readonly employers: readonly DemoOrganisation[];
  readonly occupation?: string;
}

export interface DemoRegion {
  readonly seed: number;
  readonly organisations: readonly DemoOrganisation[];
  readonly tracks: readonly DemoTrack[];
  /** When the admins filled the catalogue: before any participant. */
  readonly cataloguedAt: string;
  /** The organisation of a kind in a municipality, when there is one. */
  local(kind: OrganisationKind, municipalityCode: string): DemoOrganisation | undefined;
  /** The Arbetsförmedlingen office that serves a municipality. */
  employmentOffice(municipalityCode: string): DemoOrganisation;
  ofKind(kind: OrganisationKind): readonly DemoOrganisation[];
}

const DAY_MS = 86_400_000;
/** Participants are spread over this many days before now. */
export const HISTORY_DAYS = 3 * 365;

export const DEMO_ADMIN = { userId: 'demo-admin', role: 'admin' } as const;

interface OrganisationPlan {
  readonly key: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly municipalityCode: string;
  readonly units: readonly string[];
  readonly caseworkers: number;
}

const DEADLINE_DAYS: Partial<Record<OrganisationKind, number>> = { labour_market_unit: 14, employment_service: 21 };

const MUNICIPAL_UNITS: Partial<Record<OrganisationKind, readonly string[]>> = {
  social_services: ['Mottagningen', 'Arbetsmarknadsgruppen'],
  labour_market_unit: ['Jobbtorget', 'Stegförflyttning', 'Ungdomsteamet'],
  adult_education: ['SFI', 'Yrkesvux'],
};

const MUNICIPAL_NAMES: Partial<Record<OrganisationKind, string>> = {
  social_services: 'Socialtjänsten, ekonomiskt bistånd',
  labour_market_unit: 'Arbetsmarknadsenheten',
  adult_education: 'Vuxenutbildningen (Komvux och SFI)',
};

// The office each municipality's residents go to.
const EMPLOYMENT_OFFICES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['Arbetsförmedlingen Göteborg', '1480', ['1480', '1407']],
  ['Arbetsförmedlingen Angered', '1480', []],
  ['Arbetsförmedlingen Mölndal', '1481', ['1481', '1401', '1402']],
  ['Arbetsförmedlingen Kungsbacka', '1384', ['1384']],
  ['Arbetsförmedlingen Alingsås', '1489', ['1489', '1441']],
  ['Arbetsförmedlingen Kungälv', '1482', ['1482', '1440', '1462', '1415', '1419']],
];

const OTHER_ORGANISATIONS: ReadonlyArray<readonly [string, OrganisationKind, string]> = [
  ['Försäkringskassan, lokalt försäkringscenter Göteborg', 'social_insurance', '1480'],
  ['Västra Götalandsregionen, rehabiliteringsmedicin', 'region_health', '1480'],
  ['Vårdcentralen Mölndal, Västra Götalandsregionen', 'region_health', '1481'],
  ['Samordningsförbundet Göteborg', 'coordination_association', '1480'],
  ['Samordningsförbundet Insjöriket', 'coordination_association', '1481'],
  ['Samordningsförbundet Älv och Kust', 'coordination_association', '1482'],
  ['Äldreomsorgen, Göteborgs Stad', 'employer', '1480'],
  ['Hemtjänsten, Partille kommun', 'employer', '1402'],
  ['Vård och omsorg, Lerums kommun', 'employer', '1441'],
  ['Måltidsservice, Mölndals stad', 'employer', '1481'],
  ['Förskolan, Kungsbacka kommun', 'employer', '1384'],
  ['Lokalvård Väst AB', 'employer', '1481'],
  ['Logistikcenter Arendal AB', 'employer', '1480'],
  ['Kök och restaurang Nordstan AB', 'employer', '1480'],
  ['Bussbolaget Väst AB', 'employer', '1441'],
  ['Bygg och anläggning Ale AB', 'employer', '1440'],
];

interface TrackPlan {
  readonly name: string;
  readonly kind: TrackKind;
  readonly owner: readonly [OrganisationKind, string];
  readonly employers?: readonly string[];
  readonly occupation?: string;
}

/** About twenty tracks of the four kinds, as a GR catalogue might hold them. */
const TRACKS: readonly TrackPlan[] = [
  {
    name: 'Jobbspår vård och omsorg',
    kind: 'job_track',
    owner: ['labour_market_unit', '1480'],
    employers: ['Äldreomsorgen, Göteborgs Stad', 'Hemtjänsten, Partille kommun', 'Vård och omsorg, Lerums kommun'],
    occupation: '5321 Undersköterskor',
  },
  {
    name: 'Jobbspår lokalvård',
    kind: 'job_track',
    owner: ['labour_market_unit', '1481'],
    employers: ['Lokalvård Väst AB'],
    occupation: '9111 Städare',
  },
  {
    name: 'Jobbspår kök och måltid',
    kind: 'job_track',
    owner: ['labour_market_unit', '1480'],
    employers: ['Måltidsservice, Mölndals stad', 'Kök och restaurang Nordstan AB'],
    occupation: '9412 Restaurang- och köksbiträden',
  },
  {
    name: 'Jobbspår barnskötare',
    kind: 'job_track',
    owner: ['labour_market_unit', '1384'],
    employers: ['Förskolan, Kungsbacka kommun'],
    occupation: '5311 Barnskötare',
  },
  {
    name: 'Jobbspår lager och logistik',
    kind: 'job_track',
    owner: ['labour_market_unit', '1480'],
    employers: ['Logistikcenter Arendal AB'],
    occupation: '4321 Lager- och terminalpersonal',
  },
  {
    name: 'Jobbspår bussförare',
    kind: 'job_track',
    owner: ['labour_market_unit', '1441'],
    employers: ['Bussbolaget Väst AB'],
    occupation: '8331 Buss- och spårvagnsförare',
  },
  { name: 'Arbetsträning', kind: 'preparatory', owner: ['labour_market_unit', '1480'] },
  { name: 'Praktik med handledare', kind: 'preparatory', owner: ['labour_market_unit', '1402'] },
  { name: 'SFI med praktik', kind: 'preparatory', owner: ['labour_market_unit', '1482'] },
  { name: 'Vägledning och stegförflyttning', kind: 'preparatory', owner: ['labour_market_unit', '1401'] },
  { name: 'Arbetsförmågebedömning', kind: 'preparatory', owner: ['labour_market_unit', '1415'] },
  { name: 'Rusta och matcha', kind: 'preparatory', owner: ['employment_service', '1480'] },
  { name: 'SFI', kind: 'education', owner: ['adult_education', '1480'] },
  { name: 'Komvux grundläggande nivå', kind: 'education', owner: ['adult_education', '1481'] },
  { name: 'Yrkesvux vård och omsorg', kind: 'education', owner: ['adult_education', '1480'] },
  { name: 'Yrkesvux bygg och anläggning', kind: 'education', owner: ['adult_education', '1384'] },
  { name: 'Yrkesvux lager och logistik', kind: 'education', owner: ['adult_education', '1440'] },
  { name: 'Extratjänst', kind: 'employment', owner: ['labour_market_unit', '1480'] },
  { name: 'Introduktionsjobb', kind: 'employment', owner: ['employment_service', '1480'] },
  { name: 'Kommunal arbetsmarknadsanställning', kind: 'employment', owner: ['labour_market_unit', '1481'] },
];

function organisationPlans(): OrganisationPlan[] {
  const plans: OrganisationPlan[] = [];
  for (const municipality of MUNICIPALITIES) {
    for (const kind of ['social_services', 'labour_market_unit', 'adult_education'] as const) {
      const large = municipality.weight >= 60;
      plans.push({
        key: `${kind}:${municipality.code}`,
        name: `${MUNICIPAL_NAMES[kind]!}, ${municipality.name}`,
        kind,
        municipalityCode: municipality.code,
        units: large ? MUNICIPAL_UNITS[kind]! : MUNICIPAL_UNITS[kind]!.slice(0, 1),
        caseworkers: Math.max(3, Math.round(municipality.weight / 25)),
      });
    }
  }
  for (const [name, code] of EMPLOYMENT_OFFICES) {
    plans.push({
      key: name,
      name,
      kind: 'employment_service',
      municipalityCode: code,
      units: ['Rusta och matcha', 'Etablering'],
      caseworkers: 6,
    });
  }
  for (const [name, kind, code] of OTHER_ORGANISATIONS) {
    plans.push({ key: name, name, kind, municipalityCode: code, units: [], caseworkers: 2 });
  }
  return plans;
}

/** The region's catalogue for a seed: the same ids and names every time. */
export function demoRegion(seed: number, now: Date): DemoRegion {
  const random = new Random(seed, 'region');
  const byKey = new Map<string, DemoOrganisation>();
  const organisations = organisationPlans().map((plan) => {
    const units = plan.units.map((name) => ({ unitId: random.uuid(), name }));
    const caseworkers = Array.from({ length: plan.caseworkers }, (_, i) => {
      const unit = units.length > 0 ? units[i % units.length] : undefined;
      return { userId: random.uuid(), ...(unit ? { unitId: unit.unitId } : {}) };
    });
    const organisation: DemoOrganisation = {
      organisationId: random.uuid(),
      name: plan.name,
      kind: plan.kind,
      municipalityCode: plan.municipalityCode,
      referralDeadlineDays: DEADLINE_DAYS[plan.kind] ?? 30,
      units,
      caseworkers,
    };
    byKey.set(plan.key, organisation);
    return organisation;
  });
  const named = (name: string) => organisations.find((organisation) => organisation.name === name)!;
  const tracks = TRACKS.map((plan): DemoTrack => {
    const [ownerKind, ownerCode] = plan.owner;
    const owner =
      ownerKind === 'employment_service'
        ? officeFor(byKey, ownerCode)
        : (byKey.get(`${ownerKind}:${ownerCode}`) ?? fail(`No ${ownerKind} in ${ownerCode}`));
    return {
      trackId: random.uuid(),
      name: plan.name,
      kind: plan.kind,
      owner,
      employers: (plan.employers ?? []).map(named),
      ...(plan.occupation ? { occupation: plan.occupation } : {}),
    };
  });
  const cataloguedAt = new Date(now.getTime() - (HISTORY_DAYS + 30) * DAY_MS).toISOString();
  return {
    seed,
    organisations,
    tracks,
    cataloguedAt,
    local: (kind, code) => byKey.get(`${kind}:${code}`),
    employmentOffice: (code) => officeFor(byKey, code),
    ofKind: (kind) => organisations.filter((organisation) => organisation.kind === kind),
  };
}

function officeFor(byKey: Map<string, DemoOrganisation>, municipalityCode: string): DemoOrganisation {
  const [name] = EMPLOYMENT_OFFICES.find(([, , serves]) => serves.includes(municipalityCode)) ?? EMPLOYMENT_OFFICES[0]!;
  return byKey.get(name)!;
}

function fail(message: string): never {
  throw new Error(message);
}

/** The catalogue as an admin records it, through the organisation and track deciders. */
export function catalogueStreams(region: DemoRegion): DemoStream[] {
  const random = new Random(region.seed, 'catalogue-events');
  const at = (minutes: number): CommandContext => {
    const occurredAt = new Date(Date.parse(region.cataloguedAt) + minutes * 60_000).toISOString();
    return { occurredAt, now: occurredAt, actor: DEMO_ADMIN, permissions: ['system_admin'] };
  };
  const streams: DemoStream[] = [];
  region.organisations.forEach((organisation, i) => {
    const stream = new DecidedStream<OrganisationState>(
      organisationStreamName(organisation.organisationId),
      initialOrganisationState,
    );
    stream.decide(
      registerOrganisationDecider,
      {
        kind: 'RegisterOrganisation',
        organisationId: organisation.organisationId,
        name: organisation.name,
        organisationKind: organisation.kind,
        municipalityCode: organisation.municipalityCode,
        referralDeadlineDays: organisation.referralDeadlineDays,
      },
      at(i),
      [random.uuid()],
    );
    for (const unit of organisation.units) {
      stream.decide(
        addUnitDecider,
        { kind: 'AddUnit', organisationId: organisation.organisationId, unitId: unit.unitId, name: unit.name },
        at(i + 1),
        [random.uuid()],
      );
    }
    streams.push(stream.toStream());
  });
  region.tracks.forEach((track, i) => {
    const stream = new DecidedStream<TrackState>(trackStreamName(track.trackId), initialTrackState);
    stream.decide(
      defineTrackDecider,
      {
        kind: 'DefineTrack',
        trackId: track.trackId,
        name: track.name,
        trackKind: track.kind,
        ownerOrganisationId: track.owner.organisationId,
        employerOrganisationIds: track.employers.map((employer) => employer.organisationId),
        ...(track.occupation ? { occupation: track.occupation } : {}),
      },
      // The day after the organisations, which the tracks name.
      at(24 * 60 + i),
      [random.uuid()],
    );
    streams.push(stream.toStream());
  });
  return streams;
}
