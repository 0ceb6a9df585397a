/**
 * Attacks: bad tokens, the access matrix (every operation of the OpenAPI document × caller organisation ×
 * role, as test/access-matrix.e2e-spec.ts, here on PGlite and searched for leaks), enumeration of participants, the per-user rate limit, security headers and request size.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, generateKeyPair } from 'jose';
import type { CryptoKey } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from '@samspar/access';
import { quoteIdent } from '@samspar/event-store';
import { recordOutcome } from './outcome';
import { AccessMatrix, MatrixResult, summarise } from '../support/access-matrix';
import { Operation, SchemaObject, fillPath, operationsOf } from '../support/openapi';
import { RawResponse, send } from '../support/raw-http';
import { RunningApi, startApi } from '../support/start-api';
import { OrganisationWorld, World, personnummer, seedWorld } from './support-attacks/world';

const PROBLEM_JSON = /^application\/problem\+json/;
const ROLE_TOKENS = ['caseworker-a', 'manager-a', 'evaluator', 'admin'] as const;

const typeOf = (response: RawResponse) => String(response.json<{ type?: string }>()?.type ?? '');
const isProblem = (response: RawResponse) => PROBLEM_JSON.test(String(response.headers['content-type'] ?? ''));

/** The body without the fields that name the request itself. */
function comparable(response: RawResponse): string {
  const body = response.json<Record<string, unknown>>();
  if (!body) return response.text;
  const { instance: _instance, requestId: _requestId, ...rest } = body;
  return JSON.stringify(rest);
}

/** Values of A's in a response to B that B did not send itself. */
function leaks(response: RawResponse, world: World, sent: string): string[] {
  const text = comparable(response).toLowerCase();
  const secrets = [...world.secretsOfA, world.a.participantId];
  return secrets.filter((secret) => !sent.toLowerCase().includes(secret.toLowerCase()) && text.includes(secret.toLowerCase()));
}

/** A body that passes validation, naming organisation A's things wherever the schema asks for an id. */
function validBody(schema: SchemaObject | undefined, a: OrganisationWorld, receiverId: string): Record<string, unknown> {
  const ids: Record<string, string> = {
    trackId: a.trackId,
    enrolmentId: a.enrolmentId,
    journeyId: a.journeyId,
    providerOrganisationId: a.organisationId,
    organisationId: a.organisationId,
    ownerOrganisationId: a.organisationId,
    toOrganisationId: receiverId,
    unitId: a.unitId,
  };
  const valueOf = (name: string, property: SchemaObject): unknown => {
    if (property.enum) return property.enum[0];
    if (name === 'personnummer') return a.personnummer;
    if (property.type === 'boolean') return false;
    if (property.type === 'number' || property.type === 'integer') return name === 'birthYear' ? 1990 : 14;
    if (property.type === 'array') {
      if (property.items?.enum) return [property.items.enum[0]];
      return name === 'organisationIds' ? [receiverId] : [a.organisationId];
    }
    if (property.format === 'uuid') return ids[name] ?? randomUUID();
    if (property.format === 'date') return new Date().toISOString().slice(0, 10);
    if (property.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
    if (property.format === 'email') return 'x@example.se';
    if (property.pattern === '^\\d{4}$') return '2281';
    if (property.pattern) return 'funding_ended';
    return name === 'reason' ? 'duplicate_entry' : 'Provet';
  };
  const body: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    if ((schema?.required ?? []).includes(name) || name in ids || name === 'personnummer') body[name] = valueOf(name, property);
  }
  return body;
}

/** The request organisation B's caller sends to reach organisation A's things through this operation. */
function crossOrganisationRequest(operation: Operation, world: World) {
  const a = world.a;
  const pathIds: Record<string, string> = {
    participantId: a.participantId,
    journeyId: a.journeyId,
    enrolmentId: a.enrolmentId,
    interventionId: a.interventionId,
    consentId: a.consentId,
    referralId: a.referralId,
    trackId: a.trackId,
    organisationId: a.organisationId,
    name: 'journeys',
  };
  const query = operation.parameters
    .filter((parameter) => parameter.in === 'query')
    .flatMap((parameter) =>
      parameter.name === 'organisationId'
        ? [`organisationId=${a.organisationId}`]
        : parameter.name === 'personnummer'
          ? [`personnummer=${a.personnummer}`]
          : parameter.name === 'trackId'
            ? [`trackId=${a.trackId}`]
            : [],
    );
  const headers: Record<string, string> = {};
  if (operation.parameters.some((parameter) => parameter.name === 'X-Organisation-Id'))
    headers['X-Organisation-Id'] = a.organisationId;
  const body = operation.method === 'GET' ? undefined : JSON.stringify(validBody(operation.body, a, world.receiverId));
  return {
    path: `${fillPath(operation.template, (name) => pathIds[name] ?? randomUUID())}${query.length ? `?${query.join('&')}` : ''}`,
    headers,
    body,
  };
}

describe('Attacks', () => {
  let api: RunningApi;
  let world: World;
  let operations: Operation[];
  /** Per operation: the callers of A (by token name) that the guard lets through. */
  const allowed = new Map<string, string[]>();
  const as = (token: string, method: string, path: string, extra: { headers?: Record<string, string>; body?: string } = {}) =>
    send(api.baseUrl, {
      method,
      path,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...extra.headers },
      ...(extra.body !== undefined ? { body: extra.body } : method === 'GET' ? {} : { body: '{}' }),
    });

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0' }, { validateResponses: false });
    world = await seedWorld(api);
    // Public routes (the web app's sign-in) take no token; every other one must refuse a bad one.
    operations = (await operationsOf(api.baseUrl)).filter(
      (operation) => !/^\/(health|\.well-known)\//.test(operation.template) && !operation.public,
    );
    for (const operation of operations) {
      const roles: string[] = [];
      for (const role of ROLE_TOKENS) {
        const response = await as(
          world.tokens[role]!,
          operation.method,
          fillPath(operation.template, () => randomUUID()),
        );
        if (!/role-not-allowed$/.test(typeOf(response))) roles.push(role);
      }
      allowed.set(operation.id, roles);
    }
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
  });

  describe('When a token is not one the api issued or accepts', () => {
    it('answers 401 problem+json to each', async () => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: 'mallory', role: 'admin', organisations: [world.a.organisationId] };
      const { privateKey: otherKey } = await generateKeyPair('ES256');
      const kid = api.devKey.kid;
      const signed = (key: CryptoKey | Uint8Array, alg: string, change: (jwt: SignJWT) => SignJWT) =>
        change(new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuedAt(now)).sign(key);
      const good = (jwt: SignJWT) =>
        jwt
          .setIssuer(DEV_ISSUER)
          .setAudience(DEV_AUDIENCE)
          .setExpirationTime(now + 600);
      const unsigned = (header: object, payload: object) =>
        `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.`;
      const publicJwkAsSecret = new TextEncoder().encode(JSON.stringify(api.devKey.publicJwk));
      const tokens: Record<string, string> = {
        forged: await signed(otherKey, 'ES256', good),
        expired: await signed(api.devKey.privateKey, 'ES256', (jwt) =>
          jwt
            .setIssuer(DEV_ISSUER)
            .setAudience(DEV_AUDIENCE)
            .setIssuedAt(now - 7_200)
            .setExpirationTime(now - 3_600),
        ),
        'not yet valid': await signed(api.devKey.privateKey, 'ES256', (jwt) => good(jwt).setNotBefore(now + 3_600)),
        'wrong audience': await signed(api.devKey.privateKey, 'ES256', (jwt) =>
          jwt
            .setIssuer(DEV_ISSUER)
            .setAudience('another-api')
            .setExpirationTime(now + 600),
        ),
        'wrong issuer': await signed(api.devKey.privateKey, 'ES256', (jwt) =>
          jwt
            .setIssuer('https://evil.example')
            .setAudience(DEV_AUDIENCE)
            .setExpirationTime(now + 600),
        ),
        'alg none': unsigned(
          { alg: 'none', typ: 'JWT' },
          { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now + 600, iat: now },
        ),
        'alg None, kid kept': unsigned(
          { alg: 'None', kid, typ: 'JWT' },
          { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now + 600, iat: now },
        ),
        'HS256 with the key as secret': await signed(publicJwkAsSecret, 'HS256', good),
        'no expiry': await signed(api.devKey.privateKey, 'ES256', (jwt) => jwt.setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE)),
        'signature cut off': (await signed(api.devKey.privateKey, 'ES256', good)).replace(/\.[^.]+$/, '.'),
        'payload swapped': (() => {
          const real = world.tokens['caseworker-b']!.split('.');
          return `${real[0]}.${base64url.encode(JSON.stringify({ ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now + 600 }))}.${real[2]}`;
        })(),
        malformed: 'not-a-jwt',
        'three dots': 'a.b.c',
        'too long': `${'a'.repeat(15_000)}.b.c`,
      };
      const target = `/api/v1/participants/${world.a.participantId}`;
      const failures: string[] = [];
      for (const [name, token] of Object.entries(tokens)) {
        const response = await as(token, 'GET', target);
        const ok =
          response.status === 401 &&
          isProblem(response) &&
          /^Bearer realm="samspar"/.test(String(response.headers['www-authenticate'] ?? '')) &&
          leaks(response, world, target).length === 0;
        if (!ok) failures.push(`${name}: ${response.status} ${response.text.slice(0, 200)}`);
      }
      // A header that is not Bearer at all, or no header.
      for (const header of [undefined, 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${world.tokens.admin} extra`]) {
        const response = await send(api.baseUrl, {
          method: 'GET',
          path: target,
          headers: header ? { Authorization: header } : {},
        });
        if (response.status !== 401 || !isProblem(response)) failures.push(`header ${String(header)}: ${response.status}`);
      }
      recordOutcome({
        suite: 'attacks',
        check: 'bad tokens: 401 problem+json',
        cases: Object.keys(tokens).length + 4,
        failures: failures.length,
        notes: `${Object.keys(tokens).join(', ')}; and no, Basic, empty and two-token Authorization headers${failures.length ? `; ${failures.join(' | ')}` : ''}`,
      });
      expect(failures).toEqual([]);
    });
  });

  describe('When every caller of every role tries every operation on records of another organisation', () => {
    // The access matrix of npm test, here on PGlite (npm test runs it on DATABASE_URL's store), with every
    // answer also searched for the scene's personal data and ids, and every refusal looked up in the audit log.
    let matrixApi: RunningApi;
    let result: MatrixResult;
    const leaked: string[] = [];
    const refused: { userId: string; endpoint: string; status: number }[] = [];

    beforeAll(async () => {
      matrixApi = await startApi({ RATE_LIMIT_PER_MINUTE: '0' }, { store: 'pglite', validateResponses: false });
      const matrix = new AccessMatrix(matrixApi);
      await matrix.prepare();
      result = await matrix.run(({ operation, caller, role, expected, request, response, scene }) => {
        if (expected.kind !== 'refused') return;
        const sent = `${request.path}${JSON.stringify(request.body ?? '')}`.toLowerCase();
        const secrets = [
          scene.personnummer,
          'Matris',
          'Provsson',
          scene.participantId,
          scene.journeyId,
          scene.consentId,
          scene.referralId,
        ];
        const found = secrets.filter(
          (secret) => !sent.includes(secret.toLowerCase()) && response.text.toLowerCase().includes(secret.toLowerCase()),
        );
        if (found.length > 0) leaked.push(`${operation.id} as ${role} of ${caller}: ${found.join(', ')}`);
        const userId = matrix.userIdOf(caller, role);
        if (userId && [403, 404].includes(response.status)) {
          refused.push({ userId, endpoint: `${operation.method} ${operation.template}`, status: response.status });
        }
      });
    }, 600_000);

    afterAll(async () => {
      await matrixApi?.stop();
    });

    it('answers each case as the sharing rule and the published roles say, and shows nothing to those refused', () => {
      recordOutcome({
        suite: 'attacks',
        check: 'access matrix (PGlite): every operation × caller × role as the rule says, no leak',
        cases: result.cases.length,
        failures: result.failures.length + leaked.length,
        notes: `${summarise(result)}${result.failures.length ? `; ${result.failures.slice(0, 20).join(' | ')}` : ''}${
          leaked.length ? `; leaked: ${leaked.slice(0, 20).join(' | ')}` : ''
        }`,
      });
      expect(result.failures).toEqual([]);
      expect(leaked).toEqual([]);
      expect(result.unknownCompared).toBe(result.hidden);
    });

    it('finds every refusal in the audit log', async () => {
      const table = `${quoteIdent(matrixApi.schema)}.audit_log`;
      const rows = await matrixApi.sql.query<{ user_id: string; endpoint: string; outcome: string }>(
        `SELECT user_id, endpoint, outcome FROM ${table} WHERE action = 'denied' OR outcome ~ '^4'`,
      );
      const routeOf = (endpoint: string) => endpoint.replace(/\{([^}]+)\}/g, ':$1');
      const seen = new Set(rows.map((row) => `${row.user_id} ${row.endpoint} ${row.outcome}`));
      const missing = refused.filter(
        (denial) =>
          !seen.has(`${denial.userId} ${routeOf(denial.endpoint)} ${denial.status}`) &&
          !seen.has(`${denial.userId} ${denial.endpoint} ${denial.status}`),
      );
      recordOutcome({
        suite: 'attacks',
        check: 'every refusal of the access matrix audited',
        cases: refused.length,
        failures: missing.length,
        notes: `${rows.length} refused rows in ${matrixApi.schema}.audit_log${
          missing.length
            ? `; missing: ${missing
                .slice(0, 15)
                .map((d) => `${d.userId} ${d.endpoint} ${d.status}`)
                .join(' | ')}`
            : ''
        }`,
      });
      expect(refused.length).toBeGreaterThan(500);
      expect(missing).toEqual([]);
    });
  });

  describe('When someone probes for participants they may not see', () => {
    it('gets the same answer for an unknown id as for one of another organisation', async () => {
      const unknown = randomUUID();
      const failures: string[] = [];
      const probes: [string, string, string, string | undefined][] = [];
      for (const operation of operations) {
        if (!operation.template.includes('{participantId}') && !operation.template.includes('{referralId}')) continue;
        if (!allowed.get(operation.id)!.includes('caseworker-a')) continue;
        const { path: hiddenPath, body } = crossOrganisationRequest(operation, world);
        const unknownPath = hiddenPath.replace(world.a.participantId, unknown).replace(world.a.referralId, unknown);
        probes.push([operation.method, unknownPath, hiddenPath, body]);
      }
      probes.push([
        'GET',
        `/api/v1/participants?personnummer=${personnummer('19500101', 123)}`,
        `/api/v1/participants?personnummer=${world.a.personnummer}`,
        undefined,
      ]);
      for (const [method, unknownPath, hiddenPath, body] of probes) {
        const toUnknown = await as(world.tokens['caseworker-b']!, method, unknownPath, body ? { body } : {});
        const toHidden = await as(world.tokens['caseworker-b']!, method, hiddenPath, body ? { body } : {});
        if (toUnknown.status !== toHidden.status || comparable(toUnknown) !== comparable(toHidden)) {
          failures.push(
            `${method} ${hiddenPath}: ${toUnknown.status} ${comparable(toUnknown)} vs ${toHidden.status} ${comparable(toHidden)}`,
          );
        }
      }
      recordOutcome({
        suite: 'attacks',
        check: 'enumeration: unknown and hidden participants answer alike',
        cases: probes.length,
        failures: failures.length,
        notes: `every caseworker operation on a participant or referral, and the lookup by personnummer, as caseworker of B${failures.length ? `; ${failures.join(' | ')}` : ''}`,
      });
      expect(failures).toEqual([]);
    });
  });

  describe('When any response goes out', () => {
    it('carries the security headers, on answers and on errors alike', async () => {
      const target = `/api/v1/participants/${world.a.participantId}`;
      const responses: [string, RawResponse][] = [
        ['200', await as(world.tokens['caseworker-a']!, 'GET', target)],
        ['401', await send(api.baseUrl, { method: 'GET', path: target })],
        ['403', await as(world.tokens.evaluator!, 'GET', target)],
        ['404 route', await send(api.baseUrl, { method: 'GET', path: '/nowhere' })],
        ['400', await as(world.tokens['caseworker-a']!, 'POST', '/api/v1/participants', { body: '{"x":' })],
        ['413', await as(world.tokens['caseworker-a']!, 'POST', '/api/v1/participants', { body: 'x'.repeat(1_100_000) })],
        ['health', await send(api.baseUrl, { method: 'GET', path: '/health/live' })],
      ];
      const expected: Record<string, RegExp> = {
        'strict-transport-security': /max-age=\d{7,}/,
        'x-content-type-options': /^nosniff$/,
        'x-frame-options': /^DENY$/i,
        'content-security-policy': /frame-ancestors 'none'/,
        'referrer-policy': /^no-referrer$/,
        'cross-origin-opener-policy': /^same-origin$/,
        'cross-origin-resource-policy': /^same-origin$/,
      };
      const failures: string[] = [];
      for (const [name, response] of responses) {
        for (const [header, pattern] of Object.entries(expected)) {
          if (!pattern.test(String(response.headers[header] ?? '')))
            failures.push(`${name}: ${header}=${String(response.headers[header])}`);
        }
        if (response.headers['x-powered-by'] !== undefined) failures.push(`${name}: x-powered-by`);
      }
      // The Swagger UI still works: its page, its script and its styles, under a CSP that lets them run.
      const page = await send(api.baseUrl, { method: 'GET', path: '/docs' });
      const script = await send(api.baseUrl, { method: 'GET', path: '/docs/swagger-ui-init.js' });
      const csp = String(page.headers['content-security-policy'] ?? '');
      if (page.status !== 200 || !/text\/html/.test(String(page.headers['content-type']))) failures.push(`/docs: ${page.status}`);
      if (script.status !== 200) failures.push(`/docs/swagger-ui-init.js: ${script.status}`);
      if (!/style-src [^;]*'unsafe-inline'/.test(csp) || !/script-src [^;]*'self'/.test(csp)) failures.push(`/docs CSP: ${csp}`);
      if (!/frame-ancestors 'none'/.test(csp)) failures.push(`/docs CSP without frame-ancestors: ${csp}`);
      recordOutcome({
        suite: 'attacks',
        check: 'security headers on answers and errors; /docs still served',
        cases: responses.length + 2,
        failures: failures.length,
        notes: `${Object.keys(expected).join(', ')}, no x-powered-by${failures.length ? `; ${failures.join(' | ')}` : ''}`,
      });
      expect(failures).toEqual([]);
    });
  });

  describe('When a body is far too large', () => {
    it('answers 413 problem+json quickly, declared or chunked', async () => {
      const big = Buffer.from(JSON.stringify({ participantId: randomUUID(), filler: 'x'.repeat(2 * 1024 * 1024) }));
      const failures: string[] = [];
      const timings: number[] = [];
      for (const chunked of [false, true]) {
        for (const token of [world.tokens['caseworker-a']!, undefined]) {
          const response = await send(api.baseUrl, {
            method: 'POST',
            path: '/api/v1/participants',
            headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            body: big,
            chunked,
          }).catch((error: unknown) => error as Error);
          if (response instanceof Error) {
            failures.push(`${chunked ? 'chunked' : 'declared'}: ${response.message}`);
            continue;
          }
          timings.push(response.ms);
          if (response.status !== 413 || !isProblem(response) || response.ms > 2_000) {
            failures.push(
              `${chunked ? 'chunked' : 'declared'}${token ? '' : ' anonymous'}: ${response.status} in ${Math.round(response.ms)} ms`,
            );
          }
        }
      }
      recordOutcome({
        suite: 'attacks',
        check: 'request size: 2 MB body → 413 problem+json',
        cases: 4,
        failures: failures.length,
        notes: `with Content-Length and chunked, signed in and not; slowest ${Math.round(Math.max(0, ...timings))} ms${
          failures.length ? `; ${failures.join(' | ')}` : ''
        }`,
      });
      expect(failures).toEqual([]);
    });
  });

  describe('When one user sends a burst', () => {
    it('answers that user 429 with Retry-After, and leaves another user alone', async () => {
      const limited = await startApi({ RATE_LIMIT_PER_MINUTE: '5' }, { validateResponses: false });
      const failures: string[] = [];
      let cases = 0;
      try {
        const org = randomUUID();
        const greedy = await limited.token({ userId: 'greedy', role: 'caseworker', organisationIds: [org], permissions: [] });
        const patient = await limited.token({ userId: 'patient', role: 'caseworker', organisationIds: [org], permissions: [] });
        const path = `/api/v1/participants/${randomUUID()}`;
        const burst: RawResponse[] = [];
        for (let i = 0; i < 8; i += 1) {
          burst.push(await send(limited.baseUrl, { method: 'GET', path, headers: { Authorization: `Bearer ${greedy}` } }));
        }
        cases += burst.length;
        const refused = burst.filter((response) => response.status === 429);
        if (burst.slice(0, 5).some((response) => response.status === 429)) failures.push('refused within the limit');
        if (refused.length !== 3) failures.push(`${refused.length} of 8 refused, not 3`);
        for (const response of refused) {
          if (!isProblem(response) || !/^\d+$/.test(String(response.headers['retry-after'] ?? ''))) {
            failures.push(`429 without problem+json or Retry-After: ${JSON.stringify(response.headers)}`);
          }
          if (response.json<{ status?: number }>()?.status !== 429) failures.push('problem status is not 429');
        }
        // Same address, another user: a budget of their own.
        const other = await send(limited.baseUrl, { method: 'GET', path, headers: { Authorization: `Bearer ${patient}` } });
        cases += 1;
        if (other.status === 429) failures.push('another user was limited too');
        // Probes are never limited.
        for (let i = 0; i < 8; i += 1) {
          const probe = await send(limited.baseUrl, { method: 'GET', path: '/health/live' });
          cases += 1;
          if (probe.status !== 200) failures.push(`/health/live ${probe.status}`);
        }
      } finally {
        await limited.stop();
      }
      recordOutcome({
        suite: 'attacks',
        check: 'rate limit: 429 + Retry-After per user',
        cases,
        failures: failures.length,
        notes: `RATE_LIMIT_PER_MINUTE=5 on an instance of its own: 8 requests from one user, 1 from another, 8 health probes${
          failures.length ? `; ${failures.join(' | ')}` : ''
        }`,
      });
      expect(failures).toEqual([]);
    }, 60_000);
  });
});
