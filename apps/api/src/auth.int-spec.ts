import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { SignJWT, base64url, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { Logger } from 'nestjs-pino';
import type { Response } from 'supertest';
import { documentedRequest } from '@samspar/platform/testing';
import {
  CurrentPrincipal,
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEV_SIGNING_KEY_FILE,
  DevSigningKey,
  Roles,
  loadOrCreateDevSigningKey,
  signDevToken,
} from '@samspar/access';
import type { Principal } from '@samspar/access';
import { AppConfig, ConfigError, PROBLEM_TYPE_BASE, loadConfig } from '@samspar/platform';
import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const PROBLEM_JSON = /^application\/problem\+json/;
const ORG = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';
const CASEWORKER: Principal = {
  userId: 'anna.berg',
  role: 'caseworker',
  organisationIds: [ORG],
  unitId: 'arbetsmarknadsenheten',
  permissions: ['protected_identity'],
};

/** Test-only routes behind the real global guard. */
@Controller('auth-probe')
class AuthProbeController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('caseworkers-only')
  @Roles('caseworker')
  caseworkersOnly() {
    return { ok: true };
  }
}

interface Running {
  readonly app: NestExpressApplication;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** The whole api module on PGlite in a temporary directory; sign-in does not depend on the store. */
async function startApi(env: Record<string, string> = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-auth-'));
  const config: AppConfig = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers: [AuthProbeController],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  await app.init();
  return {
    app,
    dataDir,
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface Signing {
  readonly key: CryptoKey | Uint8Array;
  readonly alg: string;
  readonly kid?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds from now; negative is in the past. */
  readonly expiresIn?: number | null;
  readonly notBeforeIn?: number;
  readonly claims?: Record<string, unknown>;
}

/** Any token at all, so that the tests can break one thing at a time. */
async function sign(options: Signing): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims = options.claims ?? { sub: CASEWORKER.userId, role: 'caseworker', organisations: [ORG] };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg, ...(options.kid ? { kid: options.kid } : {}), typ: 'JWT' })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setIssuedAt(now);
  if (options.expiresIn !== null) jwt.setExpirationTime(now + (options.expiresIn ?? 600));
  if (options.notBeforeIn !== undefined) jwt.setNotBefore(now + options.notBeforeIn);
  return jwt.sign(options.key);
}

function expectUnauthenticated(response: Response, detail: RegExp): void {
  expect(response.status).toBe(401);
  expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="samspar"/);
  expect(response.body).toMatchObject({
    type: `${PROBLEM_TYPE_BASE}unauthenticated`,
    title: expect.any(String),
    status: 401,
    instance: expect.stringMatching(/^\/auth-probe\//),
  });
  expect(response.body.detail).toMatch(detail);
  // Nothing about our keys, issuer, audience or the library that said no.
  expect(response.text).not.toMatch(/samspar-dev|samspar-api|ERR_|jose|JWKS|stack|\.ts:\d+/i);
}

describe('Sign-in in development mode (no AUTH_JWKS_URL)', () => {
  let api: Running;
  let devKey: DevSigningKey;
  let attackerKey: CryptoKey;
  const http = () => documentedRequest(api.app, { undocumented: /^\/auth-probe\// });
  const withToken = (token: string, path = '/auth-probe/me') => http().get(path).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    api = await startApi();
    // The file the api made when it started: the same one `npm run token` signs with.
    devKey = await loadOrCreateDevSigningKey(api.dataDir);
    ({ privateKey: attackerKey } = await generateKeyPair('ES256'));
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('made its signing key in DATA_DIR when it started', () => {
    expect(devKey.created).toBe(false);
    expect(devKey.path).toBe(join(api.dataDir, DEV_SIGNING_KEY_FILE));
  });

  describe('When a request carries no token', () => {
    it('answers 401 problem+json with a bare Bearer challenge', async () => {
      const response = await http().get('/auth-probe/me');
      expectUnauthenticated(response, /Authorization: Bearer/);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="samspar"');
    });

    it('answers 401 to another scheme', async () => {
      const response = await http().get('/auth-probe/me').set('Authorization', 'Basic YW5uYTpodW50ZXIy');
      expectUnauthenticated(response, /Bearer/);
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });
  });

  describe('When the token is valid', () => {
    it('lets the request through and hands the handler the principal', async () => {
      const token = await signDevToken(devKey, CASEWORKER, { ttlSeconds: 600 });
      const response = await withToken(token).expect(200);
      expect(response.body).toEqual(CASEWORKER);
    });

    it('still accepts a token that expired within the clock tolerance', async () => {
      await withToken(await sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, expiresIn: -2 })).expect(200);
    });
  });

  describe.each<[string, () => Promise<string>, RegExp]>([
    ['has expired', () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, expiresIn: -60 }), /expired/],
    [
      'is not valid yet',
      () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, notBeforeIn: 120 }),
      /not valid yet/,
    ],
    [
      'is for another audience',
      () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, audience: 'another-api' }),
      /not issued for Samspår/,
    ],
    [
      'is from another issuer',
      () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, issuer: 'https://evil.example' }),
      /not issued for Samspår/,
    ],
    ['is forged with another key under our kid', () => sign({ key: attackerKey, alg: 'ES256', kid: devKey.kid }), /signature/],
    ['is signed by a key we do not know', () => sign({ key: attackerKey, alg: 'ES256', kid: 'attacker' }), /signature/],
    ['says alg none', async () => unsignedToken(devKey.kid), /algorithm/],
    ['is HS256 keyed with our public key', () => hs256WithPublicKey(devKey), /algorithm/],
    ['never expires', () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, expiresIn: null }), /expir/],
    [
      'names no role',
      () => sign({ key: devKey.privateKey, alg: 'ES256', kid: devKey.kid, claims: { sub: 'anna.berg', org: ORG } }),
      /role claim/,
    ],
    ['is not a JWT', async () => 'not.a.jwt', /well-formed/],
  ])('When the token %s', (_case, token, detail) => {
    it('answers 401 problem+json that tells why without internals', async () => {
      const response = await withToken(await token());
      expectUnauthenticated(response, detail);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="samspar", error="invalid_token"');
      expect(response.text).not.toContain(devKey.kid);
    });
  });

  describe('When a route is for other roles', () => {
    it('answers 403 problem+json to a manager', async () => {
      const manager: Principal = { userId: 'bo.ek', role: 'manager', organisationIds: [ORG], permissions: [] };
      const response = await withToken(await signDevToken(devKey, manager, { ttlSeconds: 600 }), '/auth-probe/caseworkers-only');
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        type: `${PROBLEM_TYPE_BASE}role-not-allowed`,
        status: 403,
        detail: expect.stringContaining('caseworker'),
      });
    });

    it('lets a caseworker through', async () => {
      const token = await signDevToken(devKey, CASEWORKER, { ttlSeconds: 600 });
      await withToken(token, '/auth-probe/caseworkers-only').expect(200, { ok: true });
    });
  });

  describe('When an orchestrator or a developer calls without a token', () => {
    it.each(['/health/live', '/health/ready', '/docs-json'])('serves %s', async (path) => {
      await http().get(path).expect(200);
    });

    it('serves the Swagger UI', async () => {
      const response = await http().get('/docs').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    });

    it('serves the public half of the development key, which verifies its tokens', async () => {
      const response = await http().get('/.well-known/jwks.json').expect(200);
      expect(response.body.keys).toHaveLength(1);
      expect(response.body.keys[0]).toMatchObject({ kid: devKey.kid, alg: 'ES256' });
      expect(response.body.keys[0]).not.toHaveProperty('d');
      const token = await signDevToken(devKey, CASEWORKER, { ttlSeconds: 60 });
      await expect(jwtVerify(token, createLocalJWKSet(response.body))).resolves.toBeDefined();
    });

    it('still answers 404 to a route that does not exist', async () => {
      await http().get('/nowhere').expect(404);
    });
  });

  describe("When the web app's development sign-in page asks", () => {
    it('says that sign-in is the development page', async () => {
      const response = await http().get('/api/v1/sign-in/config').expect(200);
      expect(response.body).toEqual({ mode: 'development' });
    });

    it('lists the roles and the demo region’s organisations with their caseworkers', async () => {
      const response = await http().get('/api/v1/sign-in/development/accounts').expect(200);
      expect(response.body.roles).toEqual(['caseworker', 'manager', 'evaluator', 'admin']);
      expect(response.body.organisations.length).toBeGreaterThan(40);
      const ame = response.body.organisations.find(
        (each: { name: string; municipalityCode: string }) =>
          each.name === 'Arbetsmarknadsenheten, Göteborgs Stad' && each.municipalityCode === '1480',
      );
      expect(ame).toMatchObject({ kind: 'labour_market_unit', organisationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      expect(ame.caseworkers.length).toBeGreaterThan(0);
    });

    it('gives a token the api accepts, for the principal asked for', async () => {
      const response = await http()
        .post('/api/v1/sign-in/development/token')
        .send({ role: 'caseworker', organisationIds: [ORG], userId: 'anna.berg', unitId: 'arbetsmarknadsenheten' })
        .expect(200);
      expect(response.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
      const lifetime = Date.parse(response.body.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(7.9 * 3600_000);
      expect(lifetime).toBeLessThanOrEqual(8 * 3600_000);
      const me = await withToken(response.body.accessToken).expect(200);
      expect(me.body).toEqual({ ...CASEWORKER, permissions: [] });
    });

    it('refuses a role that does not exist, naming the field', async () => {
      const response = await http()
        .post('/api/v1/sign-in/development/token')
        .send({ role: 'superuser', organisationIds: [ORG] })
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'role' })]));
    });

    it('refuses a caseworker without an organisation, as the guard would', async () => {
      const response = await http()
        .post('/api/v1/sign-in/development/token')
        .send({ role: 'caseworker', organisationIds: [] })
        .expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    });
  });
});

describe('Sign-in through an identity provider (AUTH_* set)', () => {
  const ISSUER = 'https://login.example.se';
  const AUDIENCE = 'samspar-api';
  let api: Running;
  let idp: Server;
  let jwksFetches = 0;
  let rsaKey: CryptoKey;
  let edKey: CryptoKey;

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ed = await generateKeyPair('EdDSA');
    [rsaKey, edKey] = [rsa.privateKey, ed.privateKey];
    const publicJwk = async (key: CryptoKey, kid: string, alg: string): Promise<JWK> => ({
      ...(await exportJWK(key)),
      kid,
      alg,
      use: 'sig',
    });
    const jwks = JSON.stringify({
      keys: [await publicJwk(rsa.publicKey, 'rsa-1', 'RS256'), await publicJwk(ed.publicKey, 'ed-1', 'EdDSA')],
    });
    // A real HTTP endpoint in the shape every OIDC provider serves its jwks_uri.
    idp = createServer((req, res) => {
      if (req.url !== '/jwks') return void res.writeHead(404).end();
      jwksFetches += 1;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const { port } = idp.address() as AddressInfo;
    api = await startApi({
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
    if (idp) {
      // The verifier keeps its connection alive; close() alone would wait for it.
      idp.closeAllConnections();
      await new Promise((resolve) => idp.close(resolve));
    }
  });

  const call = (token: string) =>
    documentedRequest(api.app, { undocumented: /^\/auth-probe\// })
      .get('/auth-probe/me')
      .set('Authorization', `Bearer ${token}`);

  it('accepts RS256 and EdDSA tokens from the provider, and fetches its keys once', async () => {
    for (const [key, alg, kid] of [
      [rsaKey, 'RS256', 'rsa-1'],
      [edKey, 'EdDSA', 'ed-1'],
    ] as const) {
      const response = await call(await sign({ key, alg, kid, issuer: ISSUER, audience: AUDIENCE })).expect(200);
      expect(response.body).toMatchObject({ userId: CASEWORKER.userId, role: 'caseworker', organisationIds: [ORG] });
    }
    expect(jwksFetches).toBe(1);
  });

  it('refuses a token signed with a development key', async () => {
    const devKey = await loadOrCreateDevSigningKey(mkdtempSync(join(tmpdir(), 'samspar-other-')));
    expectUnauthenticated(await call(await signDevToken(devKey, CASEWORKER, { ttlSeconds: 600 })), /./);
  });

  it('neither makes a development key nor serves one', async () => {
    expect(existsSync(join(api.dataDir, DEV_SIGNING_KEY_FILE))).toBe(false);
    await documentedRequest(api.app, { undocumented: /^\/auth-probe\// })
      .get('/.well-known/jwks.json')
      .expect(404);
  });

  it('tells the web app to sign in at the provider', async () => {
    const response = await documentedRequest(api.app, { undocumented: /^\/auth-probe\// })
      .get('/api/v1/sign-in/config')
      .expect(200);
    expect(response.body).toEqual({ mode: 'identity-provider', issuer: ISSUER, audience: AUDIENCE, clientId: AUDIENCE });
  });
});

describe('Sign-in with NODE_ENV=production', () => {
  let api: Running;

  beforeAll(async () => {
    api = await startApi({
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://login.example.se/jwks',
      AUTH_ISSUER: 'https://login.example.se',
      AUTH_AUDIENCE: 'samspar-api',
      AUTH_WEB_CLIENT_ID: 'samspar-web',
      PRIVACY_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      PRIVACY_LOOKUP_KEY: Buffer.alloc(32, 2).toString('base64'),
    });
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('has no development sign-in: neither the accounts nor a token', async () => {
    const http = () => documentedRequest(api.app, { undocumented: /^\/auth-probe\// });
    await http().get('/api/v1/sign-in/development/accounts').expect(404);
    const response = await http()
      .post('/api/v1/sign-in/development/token')
      .send({ role: 'admin', organisationIds: [ORG] });
    expect(response.status).toBe(404);
    expect(response.text).not.toMatch(/accessToken/);
    const config = await http().get('/api/v1/sign-in/config').expect(200);
    expect(config.body).toMatchObject({ mode: 'identity-provider', clientId: 'samspar-web' });
  });
});

describe('Sign-in when the identity provider cannot be reached', () => {
  let api: Running;

  beforeAll(async () => {
    // A port that was free a moment ago: connections to it are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    api = await startApi({
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
      AUTH_ISSUER: 'https://login.example.se',
      AUTH_AUDIENCE: 'samspar-api',
    });
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await api?.stop();
  });

  it('answers 503, not 401: the client cannot fix it', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const token = await sign({
      key: privateKey,
      alg: 'ES256',
      kid: 'k1',
      issuer: 'https://login.example.se',
      audience: 'samspar-api',
    });
    const response = await documentedRequest(api.app, { undocumented: /^\/auth-probe\// })
      .get('/auth-probe/me')
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: `${PROBLEM_TYPE_BASE}service-unavailable`, status: 503 });
    expect(response.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
  });
});

describe('Sign-in configuration', () => {
  const idp = {
    AUTH_JWKS_URL: 'https://login.example.se/.well-known/jwks.json',
    AUTH_ISSUER: 'https://login.example.se',
    AUTH_AUDIENCE: 'samspar-api',
  };

  function problemOf(env: NodeJS.ProcessEnv): ConfigError {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error(`Expected ${JSON.stringify(env)} to be refused`);
  }

  it('uses development sign-in when nothing is set outside production', () => {
    expect(loadConfig({}).auth).toBeUndefined();
    expect(loadConfig({ NODE_ENV: 'development' }).auth).toBeUndefined();
  });

  // Production also needs the keys for personal data; these are test values, not secrets.
  const privacy = {
    PRIVACY_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
    PRIVACY_LOOKUP_KEY: Buffer.alloc(32, 2).toString('base64'),
  };

  it('reads an identity provider when all three are set', () => {
    expect(loadConfig({ ...idp, ...privacy, NODE_ENV: 'production' }).auth).toEqual({
      jwksUrl: idp.AUTH_JWKS_URL,
      issuer: idp.AUTH_ISSUER,
      audience: idp.AUTH_AUDIENCE,
      webClientId: idp.AUTH_AUDIENCE,
    });
    expect(loadConfig({ ...idp, AUTH_WEB_CLIENT_ID: 'samspar-web' }).auth?.webClientId).toBe('samspar-web');
  });

  it('refuses to start in production without them, naming each on one line', () => {
    const error = problemOf({ ...privacy, NODE_ENV: 'production' });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('NODE_ENV=production');
  });

  it('refuses a partial identity provider', () => {
    const error = problemOf({ AUTH_JWKS_URL: idp.AUTH_JWKS_URL });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['AUTH_ISSUER', 'AUTH_AUDIENCE']);
  });

  it.each(['http://login.example.se/jwks', 'not a url', 'ftp://login.example.se/jwks'])('refuses AUTH_JWKS_URL=%s', (url) => {
    const error = problemOf({ ...idp, AUTH_JWKS_URL: url });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['AUTH_JWKS_URL']);
    expect(error.message).toMatch(/https:\/\//);
  });

  it('allows plain http to this machine', () => {
    expect(loadConfig({ ...idp, AUTH_JWKS_URL: 'http://localhost:8080/jwks' }).auth?.jwksUrl).toBe('http://localhost:8080/jwks');
  });
});

function unsignedToken(kid: string): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  const header = part({ alg: 'none', typ: 'JWT', kid });
  const payload = part({ sub: 'mallory', role: 'admin', iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now, exp: now + 600 });
  return `${header}.${payload}.`;
}

/** The classic confusion attack: a verifier that let the token pick HS256 would check it with our public key. */
function hs256WithPublicKey(key: DevSigningKey): Promise<string> {
  return sign({ key: new TextEncoder().encode(JSON.stringify(key.publicJwk)), alg: 'HS256', kid: key.kid });
}
