import fc from 'fast-check';
import { testUuid as id } from '@samspar/kernel/testing';
import { propertyRuns } from '@samspar/event-store/testing';
import { DomainError } from '@samspar/kernel';
import { decide } from '../command-handling';
import type { CommandContext, Stamped, StreamDecider } from '../command-handling';
import { closeJourneyDecider } from '../close-journey/close-journey';
import { openJourneyDecider } from '../open-journey/open-journey';
import { evolveParticipant, initialParticipantState } from '../participant';
import type { ParticipantEvent, ParticipantState } from '../participant';
import { participantRegistered } from '../journey-steps.examples';
import { planInterventionDecider } from '../plan-intervention/plan-intervention';
import { recordConsentDecider } from '../record-consent/record-consent';
import { recordLabourMarketStatusDecider } from '../record-labour-market-status/record-labour-market-status';
import { startInterventionDecider } from '../start-intervention/start-intervention';
import { withdrawConsentDecider } from '../withdraw-consent/withdraw-consent';
import { ownerOf, readableEvents, recordInLedger, emptyLedger } from './sharing';
import type { SharingLedger, StoredEvent } from './sharing';

/**
 * Random histories run through the deciders as they run in the api: consents given and withdrawn, journeys opened
 * by different organisations, steps tried by owners, providers and intruders alike. Whatever is tried, what is
 * stored is always the owner's (or, for an intervention's progress, its provider's), and what each organisation
 * reads always holds its own records and nothing of an organisation no consent ever named with it.
 */
const ORGS = [
  '0a000000-0000-4000-8000-00000000000a',
  '0b000000-0000-4000-8000-00000000000b',
  '0c000000-0000-4000-8000-00000000000c',
];
const REGISTRAR = participantRegistered().data.organisationId;
const ALL = [REGISTRAR, ...ORGS];
const PARTICIPANT = participantRegistered().data.participantId;

type Attempt =
  | { kind: 'consent'; by: number; names: number[]; i: number }
  | { kind: 'withdraw'; by: number; i: number }
  | { kind: 'open'; by: number; i: number }
  | { kind: 'status'; by: number; i: number }
  | { kind: 'plan'; by: number; i: number; provider: number }
  | { kind: 'start'; by: number; i: number }
  | { kind: 'close'; by: number; i: number };

const org = fc.nat({ max: ALL.length - 1 });
const slot = fc.nat({ max: 3 });
const attempt: fc.Arbitrary<Attempt> = fc.oneof(
  fc.record({
    kind: fc.constant('consent' as const),
    by: org,
    names: fc.uniqueArray(org, { minLength: 1, maxLength: 3 }),
    i: slot,
  }),
  fc.record({ kind: fc.constant('withdraw' as const), by: org, i: slot }),
  fc.record({ kind: fc.constant('open' as const), by: org, i: slot }),
  fc.record({ kind: fc.constant('status' as const), by: org, i: slot }),
  fc.record({ kind: fc.constant('plan' as const), by: org, i: slot, provider: org }),
  fc.record({ kind: fc.constant('start' as const), by: org, i: slot }),
  fc.record({ kind: fc.constant('close' as const), by: org, i: slot }),
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each decider takes its own command type
type AnyDecider = StreamDecider<any, ParticipantEvent, ParticipantState>;

function commandOf(step: Attempt): [AnyDecider, object] {
  const base = { participantId: PARTICIPANT };
  switch (step.kind) {
    case 'consent':
      return [
        recordConsentDecider,
        {
          ...base,
          kind: 'RecordConsent',
          consentId: id(1, step.i),
          organisationIds: step.names.map((n) => ALL[n]),
          purpose: 'samverkan',
          validFrom: '2026-01-01',
        },
      ];
    case 'withdraw':
      return [withdrawConsentDecider, { ...base, kind: 'WithdrawConsent', consentId: id(1, step.i) }];
    case 'open':
      return [openJourneyDecider, { ...base, kind: 'OpenJourney', journeyId: id(2, step.i) }];
    case 'status':
      return [
        recordLabourMarketStatusDecider,
        {
          ...base,
          kind: 'RecordLabourMarketStatus',
          journeyId: id(2, step.i),
          statusId: id(3, step.i * 100 + step.by),
          moment: 'entry',
          status: 'job_seeking',
          incomeSources: ['income_support'],
        },
      ];
    case 'plan':
      return [
        planInterventionDecider,
        {
          ...base,
          kind: 'PlanIntervention',
          journeyId: id(2, step.i),
          interventionId: id(4, step.i),
          type: 'praktik',
          providerOrganisationId: ALL[step.provider],
        },
      ];
    case 'start':
      return [
        startInterventionDecider,
        { ...base, kind: 'StartIntervention', journeyId: id(2, step.i), interventionId: id(4, step.i) },
      ];
    case 'close':
      return [closeJourneyDecider, { ...base, kind: 'CloseJourney', journeyId: id(2, step.i), reason: 'registration_error' }];
  }
}

interface Run {
  readonly stored: (StoredEvent & { readonly actorOrganisation: string })[];
  readonly now: string;
}

/** Plays the attempts one day apart; a refused attempt stores nothing, as in the api. */
function play(attempts: readonly Attempt[]): Run {
  const start = Date.parse('2026-01-05T09:00:00.000Z');
  const registered = participantRegistered();
  const stored: Run['stored'] = [];
  let state = initialParticipantState;
  const keep = (event: ParticipantEvent, at: string, by: string) => {
    const stamped = {
      ...event,
      id: `${stored.length}`,
      occurredAt: at,
      recordedAt: at,
      organisationId: by,
    } as Stamped<ParticipantEvent>;
    state = evolveParticipant(state, stamped);
    stored.push({
      id: stamped.id,
      type: event.type,
      data: event.data,
      recordedAt: at,
      metadata: { occurredAt: at, actor: { organisationId: by } },
      actorOrganisation: by,
    });
  };
  keep(registered, new Date(start).toISOString(), REGISTRAR);
  attempts.forEach((step, n) => {
    const at = new Date(start + (n + 1) * 86_400_000).toISOString();
    const [decider, command] = commandOf(step);
    const context: CommandContext = {
      occurredAt: at,
      now: at,
      actor: { userId: 'u', role: 'caseworker', organisationId: ALL[step.by]! },
    };
    try {
      for (const event of decide(decider, command, state, context)) keep(event, at, ALL[step.by]!);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  });
  return { stored, now: new Date(start + (attempts.length + 1) * 86_400_000).toISOString() };
}

describe('Lawful sharing over random histories', () => {
  it('stores a write only when it comes from the owner of the record, or an intervention’s provider for its progress', () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        const { stored } = play(attempts);
        let ledger: SharingLedger = emptyLedger;
        for (const event of stored) {
          const shared = {
            type: event.type,
            data: event.data,
            occurredAt: event.recordedAt,
            recordedAt: event.recordedAt,
            organisationId: event.actorOrganisation,
          };
          const owner = ownerOf(ledger, shared);
          const interventionId = (event.data as { interventionId?: string }).interventionId;
          const provider = interventionId ? ledger.interventions[interventionId]?.provider : undefined;
          const byProvider = event.type === 'InterventionStarted' && provider === event.actorOrganisation;
          expect(owner === event.actorOrganisation || byProvider).toBe(true);
          ledger = recordInLedger(ledger, shared);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('gives each organisation all its own records, and nothing of an organisation no consent named with it', () => {
    fc.assert(
      fc.property(fc.array(attempt, { maxLength: 40 }), (attempts) => {
        const { stored, now } = play(attempts);
        let ledger: SharingLedger = emptyLedger;
        const owners: string[] = [];
        for (const event of stored) {
          const shared = {
            type: event.type,
            data: event.data,
            occurredAt: event.recordedAt,
            recordedAt: event.recordedAt,
            organisationId: event.actorOrganisation,
          };
          owners.push(ownerOf(ledger, shared)!);
          ledger = recordInLedger(ledger, shared);
        }
        const namedTogether = (x: string, y: string) =>
          Object.values(ledger.consents).some(
            (consent) => consent.organisations.includes(x) && consent.organisations.includes(y),
          );
        for (const reader of ALL) {
          const seen = new Set(readableEvents(stored, reader, now).events.map((event) => event.id));
          stored.forEach((event, i) => {
            if (owners[i] === reader) expect(seen.has(event.id)).toBe(true);
            else if (!namedTogether(reader, owners[i]!)) expect(seen.has(event.id)).toBe(false);
          });
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
