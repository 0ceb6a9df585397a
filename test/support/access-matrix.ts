/**
 * The access matrix: every operation of the api's OpenAPI document × every kind of caller organisation × every
 * role, each answer checked over HTTP against what the sharing rule (@samspar/journeys, sharing.ts) and the
 * operation's published `x-samspar-roles` and `x-samspar-access` say it must be.
 *
 * Each operation gets a scene of its own: organisation A registers a person, records a consent naming B and M
 * and one naming W, runs a journey with a track enrolment and an intervention that M (another municipality)
 * provides, refers the person to B, and then records W's consent as withdrawn. The callers are A (the owner), B
 * (consented), W (withdrawn), U (unrelated, same municipality) and M (another municipality, the provider).
 */
import { randomUUID } from 'node:crypto';
import type { Principal } from '@samspar/access';
import type { EventStore } from '@samspar/event-store';
import { EVENT_STORE } from '@samspar/event-store';
import { consentInForce, ledgerOf, normaliseOrganisationId, readAccess, seesParticipant } from '@samspar/journeys';
import type { SharingLedger } from '@samspar/journeys';
import type { RecordedEvent } from '@samspar/kernel';
import { Operation, SchemaObject, fillPath, operationsOf } from './openapi';
import { RawResponse, send } from './raw-http';
import type { RunningApi } from './start-api';

export const CALLERS = ['owner', 'consented', 'withdrawn', 'unrelated', 'other-municipality'] as const;
export type Caller = (typeof CALLERS)[number];
export const MATRIX_ROLES = ['caseworker', 'manager', 'evaluator', 'admin', 'system-admin', 'no-token'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** What the rule says the caller gets: an answer that passed every access check, or a refusal. */
export type Expected =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'refused'; readonly status: 401 | 403 | 404; readonly rule: string; readonly hiddenId?: string };

export interface MatrixCase {
  readonly operation: string;
  readonly caller: Caller;
  readonly role: MatrixRole;
  readonly expected: Expected;
  readonly status: number;
  readonly rule: string;
  readonly failure?: string;
}

export interface SeenCase {
  readonly operation: Operation;
  readonly caller: Caller;
  readonly role: MatrixRole;
  readonly expected: Expected;
  readonly request: { readonly path: string; readonly body?: unknown; readonly headers: Record<string, string> };
  readonly response: RawResponse;
  readonly scene: Scene;
}

export interface MatrixResult {
  readonly operations: number;
  readonly callers: number;
  readonly roles: number;
  readonly cases: readonly MatrixCase[];
  /** Refusals that hide a record, each compared with the answer for an unknown id. */
  readonly unknownCompared: number;
  /** How many refusals hide a record: each must have been compared. */
  readonly hidden: number;
  readonly failures: readonly string[];
  /** Answers by status, e.g. { '200': 120, '403': 700 }. */
  readonly byStatus: Readonly<Record<string, number>>;
}

const PROBLEM_BASE = 'https://samspar.se/problems/';
const ruleOf = (response: RawResponse): string =>
  String(response.json<{ type?: string }>()?.type ?? '').replace(PROBLEM_BASE, '') || (response.status < 300 ? 'ok' : '');

/** Refusals that are about access; an allowed call may still meet a rule of the record itself (409, 422). */
const ACCESS_RULES = new Set([
  'unauthenticated',
  'invalid-token',
  'role-not-allowed',
  'participant-not-found',
  'journey-not-found',
  'referral-not-found',
  'not-record-owner',
  'not-receiver',
  'not-sender',
  'not-your-organisation',
  'system-admin-only',
  'admin-only',
]);

interface Region {
  readonly organisations: Readonly<Record<Caller, string>>;
  readonly principals: ReadonlyMap<string, Principal>;
  readonly tokens: ReadonlyMap<string, string>;
  readonly systemAdminToken: string;
}

export interface Scene {
  readonly participantId: string;
  readonly personnummer: string;
  readonly journeyId: string;
  readonly consentId: string;
  readonly withdrawnConsentId: string;
  readonly referralId: string;
  readonly trackId: string;
  readonly enrolmentId: string;
  readonly interventionId: string;
  readonly stepEventId: string;
  readonly unitId: string;
}

const keyOf = (caller: Caller, role: MatrixRole) => `${caller}/${role}`;

/** A personnummer (YYYYMMDD-NNNC) with a valid Luhn check digit. */
export function personnummer(date: string, serial: number): string {
  const digits = `${date.slice(2)}${String(serial).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${date}-${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

let serial = 0;
export const freshPersonnummer = (): string => {
  serial += 1;
  const day = 1 + (serial % 28);
  return personnummer(
    `1985${String(1 + (Math.floor(serial / 28) % 12)).padStart(2, '0')}${String(day).padStart(2, '0')}`,
    100 + (serial % 800),
  );
};

const today = () => new Date().toISOString().slice(0, 10);

/** The api, its operations, and the five organisations with a principal of every role. */
export class AccessMatrix {
  private region!: Region;
  private operations: Operation[] = [];
  private readonly store: EventStore;

  constructor(private readonly api: RunningApi) {
    this.store = api.app.get<EventStore>(EVENT_STORE);
  }

  /** Every operation of the document that needs a sign-in. */
  get signedInOperations(): readonly Operation[] {
    return this.operations;
  }

  async prepare(): Promise<void> {
    // Public routes (health, the JWKS, the web app's sign-in) take no token, so no role or organisation decides.
    this.operations = (await operationsOf(this.api.baseUrl)).filter(
      (operation) =>
        !/^\/(health|\.well-known)\//.test(operation.template) && operation.template !== '/docs-json' && !operation.public,
    );
    const organisations = Object.fromEntries(CALLERS.map((caller) => [caller, randomUUID()])) as Record<Caller, string>;
    const principals = new Map<string, Principal>();
    for (const caller of CALLERS) {
      for (const role of MATRIX_ROLES) {
        if (role === 'no-token') continue;
        principals.set(keyOf(caller, role), {
          userId: `${role}.${caller}`,
          role: role === 'system-admin' ? 'admin' : role,
          organisationIds: [organisations[caller]],
          permissions: role === 'system-admin' ? ['system_admin'] : [],
        });
      }
    }
    const tokens = new Map<string, string>();
    for (const [key, principal] of principals) tokens.set(key, await this.api.token(principal));
    const systemAdminToken = tokens.get(keyOf('owner', 'system-admin'))!;
    this.region = { organisations, principals, tokens, systemAdminToken };
    const names: Record<Caller, [string, string, string]> = {
      owner: ['Socialtjänsten', 'social_services', '0484'],
      consented: ['Arbetsmarknadsenheten', 'labour_market_unit', '0484'],
      withdrawn: ['Vuxenutbildningen', 'adult_education', '0484'],
      unrelated: ['Arbetsmarknadsenheten Norr', 'labour_market_unit', '0484'],
      'other-municipality': ['Jobbcentrum Göteborg', 'labour_market_unit', '1480'],
    };
    for (const caller of CALLERS) {
      const [name, kind, municipalityCode] = names[caller];
      await this.must(systemAdminToken, 'POST', '/api/v1/organisations', {
        organisationId: organisations[caller],
        name,
        kind,
        municipalityCode,
      });
    }
  }

  private async call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return send(this.api.baseUrl, {
      method,
      path,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        'Content-Type': 'application/json',
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : method === 'GET' ? {} : { body: '{}' }),
    });
  }

  private async must(token: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
    const response = await this.call(token, method, path, body);
    if (response.status >= 300)
      throw new Error(`Setting the scene: ${method} ${path} answered ${response.status} ${response.text}`);
    return response;
  }

  /** A fresh person with A's records about them, shared with B and M, once shared with W. */
  async scene(): Promise<Scene> {
    const { organisations: org, tokens } = this.region;
    const a = tokens.get(keyOf('owner', 'caseworker'))!;
    const scene: Scene = {
      participantId: randomUUID(),
      personnummer: freshPersonnummer(),
      journeyId: randomUUID(),
      consentId: randomUUID(),
      withdrawnConsentId: randomUUID(),
      referralId: randomUUID(),
      trackId: randomUUID(),
      enrolmentId: randomUUID(),
      interventionId: randomUUID(),
      stepEventId: '',
      unitId: randomUUID(),
    };
    await this.must(this.region.systemAdminToken, 'POST', '/api/v1/tracks', {
      trackId: scene.trackId,
      name: `Förberedande spår ${scene.trackId.slice(0, 6)}`,
      kind: 'preparatory',
      ownerOrganisationId: org.owner,
    });
    await this.must(this.region.systemAdminToken, 'POST', `/api/v1/organisations/${org.owner}/units`, {
      unitId: scene.unitId,
      name: `Enhet ${scene.unitId.slice(0, 6)}`,
    });
    const participant = `/api/v1/participants/${scene.participantId}`;
    const journey = `${participant}/journeys/${scene.journeyId}`;
    await this.must(a, 'POST', '/api/v1/participants', {
      participantId: scene.participantId,
      personnummer: scene.personnummer,
      firstName: 'Matris',
      lastName: 'Provsson',
      gender: 'kvinna',
      newlyArrived: false,
      educationBand: 'isced_3_4',
    });
    const consent = (consentId: string, named: string[]) =>
      this.must(a, 'POST', `${participant}/consents`, {
        consentId,
        organisationIds: named,
        purpose: 'samverkan',
        validFrom: today(),
      });
    await consent(scene.consentId, [org.owner, org.consented, org['other-municipality']]);
    await consent(scene.withdrawnConsentId, [org.owner, org.withdrawn]);
    await this.must(a, 'POST', `${participant}/journeys`, { journeyId: scene.journeyId });
    await this.must(a, 'POST', `${journey}/statuses`, {
      statusId: randomUUID(),
      moment: 'entry',
      status: 'job_seeking',
      incomeSources: ['income_support'],
    });
    await this.must(a, 'POST', `${journey}/enrolments`, { enrolmentId: scene.enrolmentId, trackId: scene.trackId });
    await this.must(a, 'POST', `${journey}/interventions`, {
      interventionId: scene.interventionId,
      type: 'praktik',
      providerOrganisationId: org['other-municipality'],
      enrolmentId: scene.enrolmentId,
    });
    await this.must(a, 'POST', `${participant}/referrals`, {
      referralId: scene.referralId,
      toOrganisationId: org.consented,
      reason: 'work_preparation',
      journeyId: scene.journeyId,
    });
    await this.must(a, 'POST', `${participant}/consents/${scene.withdrawnConsentId}/withdrawal`, {});
    // Recorded after the withdrawal: W never sees it.
    await this.must(a, 'POST', `${journey}/caseworker`, { caseworkerId: 'caseworker.owner' });
    const step = (await this.stream(scene.participantId)).find((event) => event.type === 'LabourMarketStatusRecorded');
    return { ...scene, stepEventId: step!.id };
  }

  private async stream(participantId: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(`participant-${participantId}`)) events.push(event);
    return events;
  }

  /** What the published roles and rule, with the sharing rule over the stored stream, say this caller gets. */
  expected(operation: Operation, caller: Caller, role: MatrixRole, scene: Scene, ledger: SharingLedger): Expected {
    if (role === 'no-token') return { kind: 'refused', status: 401, rule: 'unauthenticated' };
    const principalRole = role === 'system-admin' ? 'admin' : role;
    if (!(operation.roles ?? []).includes(principalRole)) return { kind: 'refused', status: 403, rule: 'role-not-allowed' };
    const org = this.region.organisations;
    const me = normaliseOrganisationId(org[caller]);
    const owner = normaliseOrganisationId(org.owner);
    const systemAdmin = role === 'system-admin';
    const now = new Date().toISOString();
    const allowed: Expected = { kind: 'allowed' };
    const sees = seesParticipant(ledger, me, now);
    const participantHidden: Expected = {
      kind: 'refused',
      status: 404,
      rule: 'participant-not-found',
      hiddenId: scene.participantId,
    };
    const journeyRecord = ledger.journeys[scene.journeyId];
    const journeyReadable =
      journeyRecord !== undefined && readAccess(ledger, me, journeyRecord.owner, journeyRecord.recordedAt, now).readable;
    const journeyHidden: Expected = { kind: 'refused', status: 404, rule: 'journey-not-found', hiddenId: scene.journeyId };
    switch (operation.access) {
      case 'participant-register':
      case 'operations':
      case 'catalogue-read':
        return allowed;
      case 'participant-find':
        return sees ? allowed : { ...participantHidden, hiddenId: scene.personnummer };
      case 'participant-read':
      case 'participant-record':
        return sees ? allowed : participantHidden;
      case 'journey-read':
        if (!sees) return participantHidden;
        return journeyReadable ? allowed : journeyHidden;
      case 'journey-step':
      case 'intervention-progress': {
        if (!sees) return participantHidden;
        if (!journeyReadable) return journeyHidden;
        if (journeyRecord!.owner === me) return allowed;
        const intervention = ledger.interventions[scene.interventionId];
        if (
          operation.access === 'intervention-progress' &&
          intervention?.provider === me &&
          consentInForce(ledger, me, journeyRecord!.owner, now)
        ) {
          return allowed;
        }
        return { kind: 'refused', status: 403, rule: 'not-record-owner' };
      }
      case 'consent-withdrawal':
        if (!sees) return participantHidden;
        return ledger.consents[scene.consentId]?.recordedBy === me
          ? allowed
          : { kind: 'refused', status: 403, rule: 'not-record-owner' };
      case 'referral-answer':
      case 'referral-withdrawal': {
        const referral = ledger.referrals[scene.referralId]!;
        const hidden: Expected = { kind: 'refused', status: 404, rule: 'referral-not-found', hiddenId: scene.referralId };
        if (!sees) return hidden;
        const party = referral.from === me || referral.to === me;
        if (!party && !readAccess(ledger, me, referral.from, referral.recordedAt, now).readable) return hidden;
        if (operation.access === 'referral-answer') {
          return referral.to === me ? allowed : { kind: 'refused', status: 403, rule: 'not-receiver' };
        }
        return referral.from === me ? allowed : { kind: 'refused', status: 403, rule: 'not-sender' };
      }
      case 'evaluation-history':
        return systemAdmin || journeyRecord?.owner === me ? allowed : journeyHidden;
      case 'evaluation-export':
        return allowed;
      case 'organisation-report':
      case 'acting-organisation':
      case 'work-list':
        return me === owner ? allowed : { kind: 'refused', status: 403, rule: 'not-your-organisation' };
      case 'audit-log':
        return systemAdmin || me === owner ? allowed : { kind: 'refused', status: 403, rule: 'not-your-organisation' };
      case 'catalogue-register':
      case 'system-operation':
        return systemAdmin ? allowed : { kind: 'refused', status: 403, rule: 'system-admin-only' };
      case 'catalogue-entry':
        return systemAdmin || me === owner ? allowed : { kind: 'refused', status: 403, rule: 'not-record-owner' };
      default:
        throw new Error(`${operation.id} publishes no x-samspar-access rule the matrix knows (${String(operation.access)})`);
    }
  }

  /** The request that reaches A's record through this operation, as `caller` would send it. */
  request(operation: Operation, caller: Caller, scene: Scene): { path: string; body?: unknown; headers: Record<string, string> } {
    const org = this.region.organisations;
    const ids: Record<string, string> = {
      participantId: scene.participantId,
      journeyId: scene.journeyId,
      enrolmentId: scene.enrolmentId,
      interventionId: scene.interventionId,
      consentId: scene.consentId,
      referralId: scene.referralId,
      trackId: scene.trackId,
      organisationId: org.owner,
      name: 'journeys',
    };
    const query: Record<string, string> = {};
    for (const parameter of operation.parameters.filter((each) => each.in === 'query')) {
      if (parameter.name === 'organisationId') query.organisationId = org.owner;
      if (parameter.name === 'personnummer') query.personnummer = scene.personnummer;
    }
    const headers: Record<string, string> = {};
    if (operation.parameters.some((parameter) => parameter.name === 'X-Organisation-Id'))
      headers['X-Organisation-Id'] = org.owner;
    const search = new URLSearchParams(query).toString();
    const path = `${fillPath(operation.template, (name) => ids[name] ?? randomUUID())}${search ? `?${search}` : ''}`;
    if (operation.method === 'GET') return { path, headers };
    return { path, headers, body: this.body(operation, caller, scene) };
  }

  private body(operation: Operation, caller: Caller, scene: Scene): Record<string, unknown> {
    const org = this.region.organisations;
    const overrides: Record<string, Record<string, unknown>> = {
      'POST /api/v1/organisations': {
        organisationId: randomUUID(),
        kind: 'labour_market_unit',
        name: `Samordningsförbundet ${randomUUID().slice(0, 6)}`,
        municipalityCode: '0484',
      },
      'POST /api/v1/organisations/{organisationId}/units': { unitId: randomUUID(), name: `Enhet ${randomUUID().slice(0, 6)}` },
      'POST /api/v1/tracks': {
        trackId: randomUUID(),
        name: `Spår ${randomUUID().slice(0, 6)}`,
        kind: 'preparatory',
        ownerOrganisationId: org.owner,
      },
      'POST /api/v1/tracks/{trackId}/revisions': { name: `Spår ${randomUUID().slice(0, 6)}` },
      'POST /api/v1/tracks/{trackId}/retirement': { reason: 'funding_ended' },
      'POST /api/v1/participants': {
        participantId: randomUUID(),
        personnummer: freshPersonnummer(),
        firstName: 'Ny',
        lastName: 'Deltagare',
      },
      'POST /api/v1/participants/{participantId}/journeys': { journeyId: randomUUID() },
      'POST /api/v1/participants/{participantId}/consents': {
        consentId: randomUUID(),
        organisationIds: [org[caller]],
        purpose: 'samverkan',
        validFrom: today(),
      },
      'POST /api/v1/participants/{participantId}/referrals': {
        referralId: randomUUID(),
        // Named by the consent, and not the sender itself.
        toOrganisationId: caller === 'consented' ? org['other-municipality'] : org.consented,
        reason: 'education',
      },
      'POST /api/v1/participants/{participantId}/journeys/{journeyId}/caseworker': { caseworkerId: `caseworker.${caller}` },
      'POST /api/v1/participants/{participantId}/journeys/{journeyId}/enrolments': {
        enrolmentId: randomUUID(),
        trackId: scene.trackId,
      },
      'POST /api/v1/participants/{participantId}/journeys/{journeyId}/interventions': {
        interventionId: randomUUID(),
        type: 'vagledning',
        providerOrganisationId: org.owner,
      },
      'POST /api/v1/participants/{participantId}/journeys/{journeyId}/statuses': {
        statusId: randomUUID(),
        moment: 'exit',
        status: 'job_seeking',
        incomeSources: ['income_support'],
      },
      'POST /api/v1/participants/{participantId}/journeys/{journeyId}/corrections': {
        stepEventId: scene.stepEventId,
        reason: 'Registrerades två gånger',
      },
    };
    return { ...requiredEnums(operation.body), ...overrides[operation.id] };
  }

  /** The user id the matrix signs in as this caller and role. */
  userIdOf(caller: Caller, role: MatrixRole): string | undefined {
    return this.region.principals.get(keyOf(caller, role))?.userId;
  }

  /** Runs the whole matrix; `onCase` sees each answer (the attack suite looks for leaks in them). */
  async run(onCase?: (seen: SeenCase) => void): Promise<MatrixResult> {
    const cases: MatrixCase[] = [];
    const failures: string[] = [];
    let unknownCompared = 0;
    for (const operation of this.operations) {
      if (!operation.roles || !operation.access) {
        failures.push(`${operation.id}: publishes no x-samspar-roles or x-samspar-access`);
        continue;
      }
      const scene = await this.scene();
      for (const role of MATRIX_ROLES) {
        for (const caller of CALLERS) {
          const { ledger } = ledgerOf(await this.stream(scene.participantId));
          const expected = this.expected(operation, caller, role, scene, ledger);
          const token = role === 'no-token' ? undefined : this.region.tokens.get(keyOf(caller, role));
          const request = this.request(operation, caller, scene);
          const response = await this.call(token, operation.method, request.path, request.body, request.headers);
          onCase?.({ operation, caller, role, expected, request, response, scene });
          const rule = ruleOf(response);
          const failure = judge(expected, response, rule);
          if (failure) failures.push(`${operation.id} as ${role} of ${caller}: ${failure}`);
          else if (expected.kind === 'refused' && expected.hiddenId) {
            // An unknown id must answer alike: same status, same problem, ids aside.
            const unknown = expected.hiddenId === scene.personnummer ? freshPersonnummer() : randomUUID();
            const probe = await this.call(
              token,
              operation.method,
              request.path.replace(expected.hiddenId, unknown),
              request.body,
              request.headers,
            );
            unknownCompared += 1;
            if (probe.status !== response.status || shape(probe) !== shape(response)) {
              failures.push(
                `${operation.id} as ${role} of ${caller}: hidden ${shape(response)} but unknown ${probe.status} ${shape(probe)}`,
              );
            }
          }
          cases.push({
            operation: operation.id,
            caller,
            role,
            expected,
            status: response.status,
            rule,
            ...(failure ? { failure } : {}),
          });
        }
      }
    }
    const byStatus: Record<string, number> = {};
    for (const each of cases) byStatus[each.status] = (byStatus[each.status] ?? 0) + 1;
    return {
      operations: this.operations.length,
      callers: CALLERS.length,
      roles: MATRIX_ROLES.length,
      cases,
      unknownCompared,
      hidden: cases.filter((each) => each.expected.kind === 'refused' && each.expected.hiddenId).length,
      failures,
      byStatus,
    };
  }
}

/** Why the answer does not match what was expected, or undefined when it does. */
function judge(expected: Expected, response: RawResponse, rule: string): string | undefined {
  if (response.status >= 500) return `${response.status} ${response.text.slice(0, 200)}`;
  if (expected.kind === 'refused') {
    if (response.status !== expected.status || rule !== expected.rule) {
      return `expected ${expected.status} ${expected.rule}, got ${response.status} ${rule || response.text.slice(0, 120)}`;
    }
    if (!/^application\/problem\+json/.test(String(response.headers['content-type'] ?? ''))) return 'refusal is not problem+json';
    return undefined;
  }
  if (response.status < 300) return undefined;
  if ([409, 412, 422].includes(response.status) && !ACCESS_RULES.has(rule)) return undefined;
  return `expected the access rule to let it through, got ${response.status} ${rule || response.text.slice(0, 120)}`;
}

/** A problem's body with the parts that name the request (instance, request id, ids) taken out. */
function shape(response: RawResponse): string {
  const body = response.json<Record<string, unknown>>();
  if (!body) return response.text;
  const { instance: _instance, requestId: _requestId, ...rest } = body;
  return JSON.stringify(rest).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
}

/** The first value of each required enum, so that a body passes validation. */
function requiredEnums(schema: SchemaObject | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    if (!(schema?.required ?? []).includes(name)) continue;
    if (property.enum) body[name] = property.enum[0];
    else if (property.type === 'boolean') body[name] = false;
  }
  return body;
}

/** The matrix's counts, for the closing note and the hardening summary. */
export function summarise(result: MatrixResult): string {
  const count = (keys: string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(([key, n]) => `${key}: ${n}`)
      .join(', ');
  };
  const statuses = count(result.cases.map((each) => String(each.status)));
  const grounds = count(result.cases.map((each) => (each.expected.kind === 'refused' ? each.expected.rule : 'allowed')));
  return `${result.operations} operations × ${result.callers} callers × ${result.roles} roles = ${result.cases.length} cases; by status ${statuses}; by rule ${grounds}; ${result.unknownCompared} hidden records compared with unknown ids`;
}
