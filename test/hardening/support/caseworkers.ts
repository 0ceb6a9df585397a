import { randomUUID } from 'node:crypto';
import { Principal } from '@samspar/access';
import { composePersonnummer } from '@samspar/privacy';
import { Attempt, CommandRecord, ExpectedEvent, Ledger } from './ledger';
import { sleep } from './processes';
import type { Catalogue } from './stack';

export interface LoadTarget {
  readonly baseUrl: string;
  token(principal: Principal): Promise<string>;
}

export interface LoadOptions {
  readonly caseworkers: number;
  readonly catalogue: Catalogue;
  readonly ledger: Ledger;
  /** How long one command keeps being retried (no answer, 503, key in progress) before it counts as unknown. */
  readonly retryForMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface LoadStats {
  readonly commands: number;
  readonly reads: number;
  /** Reads answered other than 200 (by status, or "no answer"). */
  readonly readFailures: Readonly<Record<string, number>>;
  readonly stories: number;
  readonly storiesClosed: number;
  /** Commands refused (4xx) when nothing was wrong with them: the load is valid, so each is a failure. */
  readonly refusals: readonly string[];
  readonly latenciesMs: readonly number[];
  /** Median latency of each command, in ms. */
  readonly medianMsByCommand: Readonly<Record<string, number>>;
}

const RETRYABLE_PROBLEMS = new Set(['idempotency-key-in-progress']);
let personCounter = Math.floor(Math.random() * 100_000);
const FIRST_BIRTH_DAY = Date.UTC(1960, 0, 1);
const DAYS = 15_000;

/** A unique, valid personnummer per participant of the process (born 1960–2001). */
function nextPersonnummer(): string {
  const n = personCounter++;
  const day = new Date(FIRST_BIRTH_DAY + (n % DAYS) * 86_400_000).toISOString().slice(0, 10);
  return composePersonnummer(day, Math.floor(n / DAYS) % 1000);
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * N virtual caseworkers, each going through participants' journeys one command at a time, as a
 * caseworker does: register, consent, open a journey, statuses, enrol, plan/start/complete an
 * intervention, refer to another organisation whose caseworker accepts, end the enrolment, close.
 * Every command has a fresh Idempotency-Key; a try with no answer, a 503 or a key still in progress
 * is retried with the same key and body. Every command and every try goes into the ledger.
 */
export class CaseworkerLoad {
  private stopped = false;
  private workers: Promise<void>[] = [];
  private seq = 0;
  private commands = 0;
  private reads = 0;
  private stories = 0;
  private storiesClosed = 0;
  private readonly readFailures: Record<string, number> = {};
  private readonly refusals: string[] = [];
  private readonly latencies: number[] = [];
  private readonly latenciesByCommand = new Map<string, number[]>();
  private readonly retryForMs: number;
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly target: LoadTarget,
    private readonly options: LoadOptions,
  ) {
    this.retryForMs = options.retryForMs ?? 30_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  }

  start(): this {
    this.workers = Array.from({ length: this.options.caseworkers }, (_, i) => this.work(i));
    return this;
  }

  /** Lets every caseworker finish the command in hand (with its retries), then returns the figures. */
  async stop(): Promise<LoadStats> {
    this.stopped = true;
    await Promise.all(this.workers);
    return this.stats();
  }

  stats(): LoadStats {
    return {
      commands: this.commands,
      reads: this.reads,
      readFailures: { ...this.readFailures },
      stories: this.stories,
      storiesClosed: this.storiesClosed,
      refusals: [...this.refusals],
      latenciesMs: [...this.latencies],
      medianMsByCommand: Object.fromEntries([...this.latenciesByCommand].map(([name, values]) => [name, percentile(values, 50)])),
    };
  }

  private async work(index: number): Promise<void> {
    const { organisations, tracks } = this.options.catalogue;
    const own = organisations[index % organisations.length]!;
    const receiver = organisations[(index + 1) % organisations.length]!;
    const caseworker = await this.target.token({
      userId: `hardening-caseworker-${index}`,
      role: 'caseworker',
      organisationIds: [own.id],
      permissions: [],
    });
    const receiving = await this.target.token({
      userId: `hardening-caseworker-${index}-receiver`,
      role: 'caseworker',
      organisationIds: [receiver.id],
      permissions: [],
    });
    while (!this.stopped) {
      this.stories++;
      const closed = await this.story(index, caseworker, receiving, own.id, receiver.id, pick(tracks));
      if (closed) this.storiesClosed++;
    }
  }

  /** One participant's way through; false when it stopped early (the load ended, or a command failed). */
  private async story(
    index: number,
    token: string,
    receiverToken: string,
    organisationId: string,
    receiverId: string,
    trackId: string,
  ): Promise<boolean> {
    const participantId = randomUUID();
    const journeyId = randomUUID();
    const enrolmentId = randomUUID();
    const interventionId = randomUUID();
    const referralId = randomUUID();
    const streamId = `participant-${participantId}`;
    const base = `/api/v1/participants/${participantId}`;
    const journey = `${base}/journeys/${journeyId}`;
    const expect = (type: string, field: string, entityId: string): ExpectedEvent => ({ type, field, entityId, streamId });
    const anonymous = Math.random() < 0.2;
    // An anonymous participant gave no consent, so is never referred.
    const refers = !anonymous && Math.random() < 0.7;
    const closes = Math.random() < 0.85;

    type Step = [name: string, path: string, body: object, expected: ExpectedEvent, token?: string];
    const steps: Step[] = [
      [
        'register participant',
        '/api/v1/participants',
        {
          participantId,
          ...(anonymous
            ? { anonymous: true, anonymousReason: 'no_consent', birthYear: 1970 + Math.floor(Math.random() * 35) }
            : { personnummer: nextPersonnummer(), firstName: 'Test', lastName: `Person ${participantId.slice(0, 8)}` }),
          gender: pick(['kvinna', 'man', 'annat']),
          newlyArrived: Math.random() < 0.3,
          educationBand: pick(['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown']),
        },
        expect('ParticipantRegistered', 'participantId', participantId),
      ],
      ...(anonymous
        ? []
        : [
            [
              'record consent',
              `${base}/consents`,
              { consentId: '', organisationIds: [receiverId], purpose: 'samverkan_arbete', validFrom: yesterday() },
              expect('ConsentRecorded', 'consentId', ''),
            ] satisfies Step,
          ]),
      ['open journey', `${base}/journeys`, { journeyId }, expect('JourneyOpened', 'journeyId', journeyId)],
      [
        'record entry status',
        `${journey}/statuses`,
        { statusId: '', moment: 'entry', status: 'job_seeking', incomeSources: [pick(['income_support', 'none'])] },
        expect('LabourMarketStatusRecorded', 'statusId', ''),
      ],
      ['enrol in track', `${journey}/enrolments`, { enrolmentId, trackId }, expect('TrackEnrolled', 'enrolmentId', enrolmentId)],
      [
        'plan intervention',
        `${journey}/interventions`,
        { interventionId, type: pick(['praktik', 'arbetstraning']), providerOrganisationId: organisationId, enrolmentId },
        expect('InterventionPlanned', 'interventionId', interventionId),
      ],
      [
        'start intervention',
        `${journey}/interventions/${interventionId}/start`,
        {},
        expect('InterventionStarted', 'interventionId', interventionId),
      ],
      ...(refers
        ? ([
            [
              'refer participant',
              `${base}/referrals`,
              { referralId, toOrganisationId: receiverId, reason: 'work_preparation', journeyId, suggestedTrackId: trackId },
              expect('ParticipantReferred', 'referralId', referralId),
            ],
            [
              'accept referral',
              `/api/v1/referrals/${referralId}/acceptance`,
              {},
              expect('ReferralAccepted', 'referralId', referralId),
              receiverToken,
            ],
          ] satisfies Step[])
        : []),
      [
        'complete intervention',
        `${journey}/interventions/${interventionId}/completion`,
        {},
        expect('InterventionCompleted', 'interventionId', interventionId),
      ],
      ...(closes
        ? ([
            [
              'end enrolment',
              `${journey}/enrolments/${enrolmentId}/end`,
              {},
              expect('TrackEnrolmentEnded', 'enrolmentId', enrolmentId),
            ],
            [
              'record exit status',
              `${journey}/statuses`,
              { statusId: '', moment: 'exit', status: 'employed', incomeSources: ['salary'], expectedToLastOneMonth: true },
              expect('LabourMarketStatusRecorded', 'statusId', ''),
            ],
            ['close journey', `${journey}/closing`, { reason: 'work' }, expect('JourneyClosed', 'journeyId', journeyId)],
          ] satisfies Step[])
        : []),
    ];

    for (const [name, path, template, expectedTemplate, stepToken] of steps) {
      if (this.stopped) return false;
      // Fresh ids for the steps whose id is not known up front (consent, statuses).
      let body: object = template;
      let expected = expectedTemplate;
      for (const field of ['consentId', 'statusId'] as const) {
        if ((template as Record<string, unknown>)[field] === '') {
          const id = randomUUID();
          body = { ...template, [field]: id };
          expected = { ...expectedTemplate, entityId: id };
        }
      }
      const record = await this.command(index, name, path, body, expected, stepToken ?? token);
      if (record.outcome !== 'ok') return false;
      // A caseworker looks at the timeline now and then.
      if (name === 'start intervention') await this.read(`${journey}/timeline`, token);
    }
    return closes;
  }

  private async command(
    caseworker: number,
    name: string,
    path: string,
    body: object,
    expected: ExpectedEvent,
    token: string,
  ): Promise<CommandRecord> {
    const record: CommandRecord = {
      seq: this.seq++,
      caseworker,
      name,
      path,
      idempotencyKey: randomUUID(),
      expected,
      attempts: [],
    };
    this.options.ledger.add(record);
    this.commands++;
    const payload = JSON.stringify(body);
    const giveUpAt = Date.now() + this.retryForMs;
    for (;;) {
      const started = Date.now();
      const [attempt, result] = await this.send(path, payload, token, record.idempotencyKey);
      record.attempts.push(attempt);
      const status = attempt.status;
      if (result) {
        this.latencies.push(Date.now() - started);
        const byCommand = this.latenciesByCommand.get(name) ?? [];
        byCommand.push(Date.now() - started);
        this.latenciesByCommand.set(name, byCommand);
        record.outcome = 'ok';
        record.result = result;
        return record;
      }
      const retryable =
        status === undefined || status >= 500 || (status === 409 && RETRYABLE_PROBLEMS.has(attempt.problem ?? ''));
      if (!retryable) {
        record.outcome = 'refused';
        this.refusals.push(`${name}: ${status} ${attempt.problem ?? ''}`);
        return record;
      }
      if (Date.now() >= giveUpAt) {
        record.outcome = 'unknown';
        return record;
      }
      const retryAfterSeconds = Number(attempt.retryAfter);
      const wait = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? Math.min(retryAfterSeconds * 1000, 2_000) : 200;
      await sleep(wait / 2 + Math.random() * (wait / 2));
    }
  }

  private async send(path: string, payload: string, token: string, key: string): Promise<[Attempt, CommandRecord['result']?]> {
    const at = Date.now();
    try {
      const response = await fetch(`${this.target.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: payload,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await response.text();
      const json = parseJson(text);
      const attempt: Attempt = {
        at,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        ...(response.headers.get('idempotent-replayed') === 'true' ? { replayed: true } : {}),
        ...(typeof json?.type === 'string' ? { problem: json.type.replace(/^.*\/problems\//, '') } : {}),
      };
      if (!response.ok) return [attempt];
      const { id, revision, position } = json ?? {};
      if (typeof id !== 'string' || typeof revision !== 'number' || typeof position !== 'string') {
        // Counted as a server fault and retried: a 2xx must carry the command's result.
        return [{ ...attempt, status: 599, problem: `2xx without a command result: ${text.slice(0, 200)}` }];
      }
      return [attempt, { id, revision, position }];
    } catch (error) {
      return [{ at, error: describe(error) }];
    }
  }

  /** A read beside the commands; anything but 200 is counted. */
  private async read(path: string, token: string): Promise<void> {
    this.reads++;
    try {
      const response = await fetch(`${this.target.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      await response.arrayBuffer();
      if (response.status !== 200) this.readFailures[response.status] = (this.readFailures[response.status] ?? 0) + 1;
    } catch {
      this.readFailures['no answer'] = (this.readFailures['no answer'] ?? 0) + 1;
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if ((error as { name?: unknown }).name === 'TimeoutError') return 'timeout';
  return error instanceof Error ? error.message.slice(0, 100) : String(error);
}

/** p-th percentile of some latencies, in ms. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
