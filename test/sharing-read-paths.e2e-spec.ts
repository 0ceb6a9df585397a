import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Principal } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { propertyRuns } from '@samspar/event-store/testing';
import { emptyLedger, ownedEvents, ownerOf, readableEvents, recordInLedger, sharingEventOf } from '@samspar/journeys';
import type { RecordedEvent } from '@samspar/kernel';
import { freshPersonnummer } from './support/access-matrix';
import { RawResponse, send } from './support/raw-http';
import { RunningApi, startApi } from './support/start-api';

/**
 * Random histories over HTTP on the whole api: consents given and withdrawn, referrals sent, answered and
 * withdrawn, journeys opened by different organisations, steps tried by owners, providers and intruders alike.
 * Afterwards what each organisation reads through every read path (participant record, journeys, timeline,
 * inbox, evaluation export, journey history) is exactly what the sharing rule gives it from the stored events,
 * and every stored event was written by the owner of its record (or, for an intervention's progress, its provider).
 */
const ORGS = 4; // 0 registers the person; 3 is in another municipality.
const SLOTS = 2;

type Attempt =
  | { kind: 'consent'; by: number; names: number[]; i: number }
  | { kind: 'withdraw-consent'; by: number; i: number }
  | { kind: 'open'; by: number; i: number }
  | { kind: 'status'; by: number; i: number }
  | { kind: 'assign'; by: number; i: number }
  | { kind: 'plan'; by: number; i: number; provider: number }
  | { kind: 'start'; by: number; i: number }
  | { kind: 'close'; by: number; i: number }
  | { kind: 'refer'; by: number; to: number; i: number; journey: number }
  | { kind: 'accept'; by: number; i: number }
  | { kind: 'decline'; by: number; i: number }
  | { kind: 'withdraw-referral'; by: number; i: number };

const org = fc.nat({ max: ORGS - 1 });
// Half the attempts come from the registering organisation, the only one that sees the person at first.
const by = fc.oneof(fc.constant(0), org);
const slot = fc.nat({ max: SLOTS - 1 });
const attempt: fc.Arbitrary<Attempt> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      by,
      names: fc.uniqueArray(org, { minLength: 1, maxLength: 3 }),
      i: slot,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw-consent' as const), by, i: slot }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('assign' as const), by, i: slot }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('open' as const), by, i: slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('status' as const), by, i: slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('plan' as const), by, i: slot, provider: org }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('start' as const), by, i: slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), by, i: slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('refer' as const), by, to: org, i: slot, journey: slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('accept' as const), by, i: slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decline' as const), by, i: slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw-referral' as const), by, i: slot }) },
);

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
const journeyIdOf = (data: unknown) => (data as { journeyId?: string }).journeyId;
const sorted = (values: Iterable<string>) => [...values].sort();

describe('What each organisation reads, through every read path, over random histories', () => {
  let api: RunningApi;
  let store: EventStore;
  const organisations = ids(ORGS);
  const caseworkers: string[] = [];
  const evaluators: string[] = [];
  let systemAdmin = '';

  const call = (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(api.baseUrl, {
      method,
      path,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : method === 'GET' ? {} : { body: '{}' }),
    });
  const json = <T>(response: RawResponse): T => response.json<T>()!;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0' });
    store = api.app.get<EventStore>(EVENT_STORE);
    const principal = (
      userId: string,
      role: Principal['role'],
      organisationIds: string[],
      permissions: Principal['permissions'] = [],
    ) => api.token({ userId, role, organisationIds, permissions });
    systemAdmin = await principal('system-admin', 'admin', [organisations[0]!], ['system_admin']);
    for (const [n, organisationId] of organisations.entries()) {
      caseworkers.push(await principal(`caseworker-${n}`, 'caseworker', [organisationId]));
      evaluators.push(await principal(`evaluator-${n}`, 'evaluator', [organisationId]));
      const registered = await call(systemAdmin, 'POST', '/api/v1/organisations', {
        organisationId,
        name: `Organisation ${n}`,
        kind: n % 2 === 0 ? 'social_services' : 'labour_market_unit',
        municipalityCode: n === 3 ? '1480' : '0484',
      });
      expect(registered.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  async function play(attempts: readonly Attempt[]) {
    const participantId = randomUUID();
    const [consents, journeys, interventions, referrals] = [ids(SLOTS), ids(SLOTS), ids(SLOTS), ids(SLOTS)];
    const base = `/api/v1/participants/${participantId}`;
    const registered = await call(caseworkers[0]!, 'POST', '/api/v1/participants', {
      participantId,
      personnummer: freshPersonnummer(),
      firstName: 'Slump',
      lastName: 'Historiasson',
      gender: 'man',
      newlyArrived: false,
      educationBand: 'isced_0_2',
    });
    expect(registered.status).toBe(201);
    const answers: string[] = [];
    for (const step of attempts) {
      const as = caseworkers[step.by]!;
      const journey = (i: number) => `${base}/journeys/${journeys[i]}`;
      let response: RawResponse;
      switch (step.kind) {
        case 'consent':
          response = await call(as, 'POST', `${base}/consents`, {
            consentId: consents[step.i],
            organisationIds: step.names.map((n) => organisations[n]),
            purpose: 'samverkan',
            validFrom: new Date().toISOString().slice(0, 10),
          });
          break;
        case 'withdraw-consent':
          response = await call(as, 'POST', `${base}/consents/${consents[step.i]}/withdrawal`, {});
          break;
        case 'open':
          response = await call(as, 'POST', `${base}/journeys`, { journeyId: journeys[step.i] });
          break;
        case 'status':
          response = await call(as, 'POST', `${journey(step.i)}/statuses`, {
            statusId: randomUUID(),
            moment: 'entry',
            status: 'job_seeking',
            incomeSources: ['income_support'],
          });
          break;
        case 'assign':
          response = await call(as, 'POST', `${journey(step.i)}/caseworker`, { caseworkerId: `caseworker-${step.by}` });
          break;
        case 'plan':
          response = await call(as, 'POST', `${journey(step.i)}/interventions`, {
            interventionId: interventions[step.i],
            type: 'praktik',
            providerOrganisationId: organisations[step.provider],
          });
          break;
        case 'start':
          response = await call(as, 'POST', `${journey(step.i)}/interventions/${interventions[step.i]}/start`, {});
          break;
        case 'close':
          response = await call(as, 'POST', `${journey(step.i)}/closing`, { reason: 'registration_error' });
          break;
        case 'refer':
          response = await call(as, 'POST', `${base}/referrals`, {
            referralId: referrals[step.i],
            toOrganisationId: organisations[step.to],
            reason: 'work_preparation',
            journeyId: journeys[step.journey],
          });
          break;
        case 'accept':
          response = await call(as, 'POST', `/api/v1/referrals/${referrals[step.i]}/acceptance`, {});
          break;
        case 'decline':
          response = await call(as, 'POST', `/api/v1/referrals/${referrals[step.i]}/decline`, { reason: 'no_capacity' });
          break;
        case 'withdraw-referral':
          response = await call(as, 'POST', `/api/v1/referrals/${referrals[step.i]}/withdrawal`, {});
          break;
      }
      answers.push(`${step.kind} by ${step.by}: ${response.status}`);
      // Whatever is tried, the answer is a decision, never a failure.
      expect(response.status).toBeLessThan(500);
    }
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(`participant-${participantId}`)) events.push(event);
    return { participantId, events, journeys, answers };
  }

  /** Each stored event's owner, by the rule, was the organisation that wrote it (or the intervention's provider). */
  function writesByOwners(events: readonly RecordedEvent[]): string[] {
    const intruders: string[] = [];
    let ledger = emptyLedger;
    for (const event of events) {
      const shared = sharingEventOf(event);
      const owner = ownerOf(ledger, shared);
      const writer = shared.organisationId?.toLowerCase();
      const interventionId = (event.data as { interventionId?: string }).interventionId;
      const provider = interventionId ? ledger.interventions[interventionId]?.provider : undefined;
      const progress = ['InterventionStarted', 'InterventionCompleted', 'InterventionInterrupted'].includes(event.type);
      if (owner !== writer && !(progress && provider === writer)) intruders.push(`${event.type} by ${writer}, owned by ${owner}`);
      ledger = recordInLedger(ledger, shared);
    }
    return intruders;
  }

  async function readPaths(
    participantId: string,
    events: readonly RecordedEvent[],
    journeyIds: readonly string[],
    reader: number,
  ) {
    const me = organisations[reader]!;
    const token = caseworkers[reader]!;
    const base = `/api/v1/participants/${participantId}`;
    const now = new Date().toISOString();
    const readable = readableEvents(events, me, now).events;
    const readableOf = (type: string, key: string) =>
      sorted(
        readable.filter((event) => event.type === type).map((event) => String((event.data as Record<string, unknown>)[key])),
      );
    const mismatches: string[] = [];
    const expectSame = (path: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        mismatches.push(`${path} for ${reader}: ${JSON.stringify(actual)} ≠ rule ${JSON.stringify(expected)}`);
    };

    // The participant record and its journeys.
    const record = await call(token, 'GET', base);
    expectSame('GET participant status', record.status, readable.length > 0 ? 200 : 404);
    if (record.status === 200) {
      const view = json<{
        journeys: { journeyId: string }[];
        consents: { consentId: string }[];
        referrals: { referralId: string }[];
      }>(record);
      expectSame(
        'participant journeys',
        sorted(view.journeys.map((each) => each.journeyId)),
        readableOf('JourneyOpened', 'journeyId'),
      );
      expectSame(
        'participant consents',
        sorted(view.consents.map((each) => each.consentId)),
        readableOf('ConsentRecorded', 'consentId'),
      );
      expectSame(
        'participant referrals',
        sorted(view.referrals.map((each) => each.referralId)),
        readableOf('ParticipantReferred', 'referralId'),
      );
      const list = await call(token, 'GET', `${base}/journeys`);
      expectSame(
        'GET journeys',
        sorted(json<{ journeyId: string }[]>(list).map((each) => each.journeyId)),
        readableOf('JourneyOpened', 'journeyId'),
      );
    }
    // Each journey's timeline.
    for (const journeyId of journeyIds) {
      const timeline = await call(token, 'GET', `${base}/journeys/${journeyId}/timeline`);
      const opened = readable.some((event) => event.type === 'JourneyOpened' && journeyIdOf(event.data) === journeyId);
      expectSame(`timeline ${journeyId} status`, timeline.status, opened ? 200 : 404);
      if (timeline.status === 200) {
        expectSame(
          `timeline ${journeyId}`,
          json<{ eventId: string }[]>(timeline).map((each) => each.eventId),
          readable.filter((event) => journeyIdOf(event.data) === journeyId).map((event) => event.id),
        );
      }
    }
    // The referral inbox, once the read model has caught up with the last event.
    const last = events.at(-1)!.globalPosition;
    const inbox = await call(token, 'GET', `/api/v1/referrals/inbox?minPosition=${last}&waitMs=10000`, undefined, {
      'X-Organisation-Id': me,
    });
    expectSame('inbox status', inbox.status, 200);
    const answered = new Set(
      events
        .filter((event) => /^Referral(Accepted|Declined|Withdrawn|Expired)$/.test(event.type))
        .map((event) => String((event.data as { referralId: string }).referralId)),
    );
    const pending = readable
      .filter((event) => event.type === 'ParticipantReferred')
      .filter((event) => (event.data as { toOrganisationId: string }).toOrganisationId.toLowerCase() === me)
      .map((event) => String((event.data as { referralId: string }).referralId))
      .filter((id) => !answered.has(id));
    const referralIds = new Set(
      events
        .filter((event) => event.type === 'ParticipantReferred')
        .map((event) => (event.data as { referralId: string }).referralId),
    );
    expectSame(
      'inbox',
      sorted(
        json<{ referrals: { referralId: string }[] }>(inbox)
          .referrals.map((each) => each.referralId)
          .filter((id) => referralIds.has(id)),
      ),
      sorted(pending),
    );
    // The work lists, from the read model: the journeys the organisation may see, named as far as the registration
    // is shared, and the referrals it has to answer.
    const mine = new Set(journeyIds);
    const listed: { journeyId: string; nameState: string; participantName: string | null }[] = [];
    const tasks: { referralId: string | null }[] = [];
    for (const [path, into] of [
      ['/api/v1/journeys?scope=organisation', listed],
      ['/api/v1/tasks', tasks],
    ] as const) {
      let cursor: string | null = null;
      do {
        const page = await call(
          token,
          'GET',
          `${path}${path.includes('?') ? '&' : '?'}limit=200&minPosition=${last}&waitMs=10000${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          { 'X-Organisation-Id': me },
        );
        expectSame(`${path} status`, page.status, 200);
        const body = json<{ items: never[]; next: string | null }>(page);
        (into as unknown[]).push(...(body?.items ?? []));
        cursor = body?.next ?? null;
      } while (cursor);
    }
    const ours = listed.filter((each) => mine.has(each.journeyId));
    expectSame('work list journeys', sorted(ours.map((each) => each.journeyId)), readableOf('JourneyOpened', 'journeyId'));
    const named = readable.some((event) => event.type === 'ParticipantRegistered');
    expectSame(
      'work list names',
      [...new Set(ours.map((each) => `${each.nameState}:${each.participantName}`))],
      ours.length === 0 ? [] : [named ? 'shown:Slump Historiasson' : 'not_shared:null'],
    );
    expectSame(
      'work list referrals to answer',
      sorted(tasks.map((each) => each.referralId).filter((id): id is string => id !== null && referralIds.has(id))),
      sorted(pending),
    );
    // The evaluators' export and journey histories: what the reader's organisation owns.
    const owned = ownedEvents(events, [me]);
    // The whole download (the raw client keeps only the first 256 kB of a body), however long the log has grown.
    const exported = await fetch(`${api.baseUrl}/api/v1/evaluation/events?category=participant`, {
      headers: { Authorization: `Bearer ${evaluators[reader]!}` },
    });
    expectSame('export status', exported.status, 200);
    const positions = new Set(events.map((event) => String(event.globalPosition)));
    const rows = (await exported.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { position: string })
      .filter((row) => positions.has(String(row.position)));
    expectSame(
      'export',
      sorted(rows.map((row) => String(row.position))),
      sorted(owned.map((event) => String(event.globalPosition))),
    );
    for (const journeyId of journeyIds) {
      const history = await call(
        evaluators[reader]!,
        'GET',
        `/api/v1/evaluation/participants/${participantId}/journeys/${journeyId}/history`,
      );
      const runs = owned.some((event) => event.type === 'JourneyOpened' && journeyIdOf(event.data) === journeyId);
      expectSame(`history ${journeyId} status`, history.status, runs ? 200 : 404);
      if (history.status === 200) {
        // The history holds the events naming the journey and the answers to referrals sent within it.
        const sentWithin = new Set(
          events
            .filter((event) => event.type === 'ParticipantReferred' && journeyIdOf(event.data) === journeyId)
            .map((event) => (event.data as { referralId: string }).referralId),
        );
        const concerns = (event: RecordedEvent) =>
          journeyIdOf(event.data) === journeyId || sentWithin.has(String((event.data as { referralId?: string }).referralId));
        expectSame(
          `history ${journeyId}`,
          json<{ entries: { revision: number }[] }>(history).entries.map((entry) => entry.revision),
          owned.filter(concerns).map((event) => event.revision),
        );
      }
    }
    return mismatches;
  }

  it('reads as the rule says through every path, and stores only the owners’ writes', async () => {
    let histories = 0;
    let crossings = 0;
    await fc.assert(
      fc.asyncProperty(
        // Each history starts with a consent the registering organisation records, so that something is shared.
        fc.tuple(
          fc.uniqueArray(fc.integer({ min: 1, max: ORGS - 1 }), { minLength: 1, maxLength: 2 }),
          fc.array(attempt, { minLength: 6, maxLength: 20 }),
        ),
        async ([named, tried]) => {
          const attempts: Attempt[] = [{ kind: 'consent', by: 0, names: [0, ...named], i: 0 }, ...tried];
          const { participantId, events, journeys, answers } = await play(attempts);
          expect({ answers, intruders: writesByOwners(events) }).toEqual({ answers, intruders: [] });
          const mismatches: string[] = [];
          for (let reader = 0; reader < ORGS; reader += 1) {
            mismatches.push(...(await readPaths(participantId, events, journeys, reader)));
            const owners = new Set(ownedEvents(events, [organisations[reader]!]).map((event) => event.id));
            if (
              readableEvents(events, organisations[reader]!, new Date().toISOString()).events.some(
                (event) => !owners.has(event.id),
              )
            ) {
              crossings += 1;
            }
          }
          histories += 1;
          expect({ answers, mismatches }).toEqual({ answers, mismatches: [] });
        },
      ),
      { numRuns: propertyRuns(24), endOnFailure: true },
    );
    // The histories did share records across organisations, or the property proved little.
    expect(histories).toBeGreaterThan(0);
    expect(crossings).toBeGreaterThan(0);
  }, 600_000);
});
