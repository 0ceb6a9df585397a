import { spawnSync } from 'node:child_process';
import { buildAppsOnce } from '@samspar/event-store/testing';
import { resolve } from 'node:path';
import { ConfigError, eventStoreConfigOf, loadConfig } from './app-config';
import { lowerCaseUuids } from '../http/request-validation';

function problemOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(env)} to be refused`);
}

describe('Configuration', () => {
  describe('When nothing is set', () => {
    it('runs the whole system on PGlite under ./data', () => {
      const config = loadConfig({});
      expect(config).toEqual({
        port: 3000,
        logLevel: 'info',
        eventStore: 'postgres',
        databaseSchema: 'samspar',
        dataDir: './data',
        projectionsInProcess: true,
        commandCacheStreams: 10_000,
        gallringResearchDays: [5, 15, 25],
        gallringIntervalHours: 24,
      });
      expect(eventStoreConfigOf(config)).toMatchObject({ eventStore: 'postgres', dataDir: 'data/pglite', schema: 'samspar' });
    });

    it('lets the projector default to another port', () => {
      expect(loadConfig({}, { port: 3001 }).port).toBe(3001);
    });
  });

  describe('When every variable is set to a good value', () => {
    it('reads them all', () => {
      const config = loadConfig({
        PORT: '8080',
        LOG_LEVEL: 'debug',
        EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://kurrentdb:2113?tls=false',
        DATABASE_URL: 'postgresql://samspar:secret@db:5432/samspar',
        DATABASE_SCHEMA: 'samspar_demo',
        DATA_DIR: '/var/lib/samspar',
        PROJECTIONS_IN_PROCESS: 'false',
        GALLRING_RESEARCH_DAYS: '25, 5,15,5',
        GALLRING_INTERVAL_HOURS: '6',
        COMMAND_CACHE_STREAMS: '500',
        RATE_LIMIT_REDIS_URL: 'redis://:secret@redis:6379/2',
      });
      expect(config).toEqual({
        port: 8080,
        logLevel: 'debug',
        eventStore: 'eventstoredb',
        eventStoreConnectionString: 'esdb://kurrentdb:2113?tls=false',
        databaseUrl: 'postgresql://samspar:secret@db:5432/samspar',
        databaseSchema: 'samspar_demo',
        dataDir: '/var/lib/samspar',
        projectionsInProcess: false,
        commandCacheStreams: 500,
        rateLimitRedisUrl: 'redis://:secret@redis:6379/2',
        gallringResearchDays: [5, 15, 25],
        gallringIntervalHours: 6,
      });
    });

    it.each(['esdb://a:2113', 'esdb+discover://a:2113', 'kurrentdb://a:2113'])('accepts %s for KurrentDB', (value) => {
      expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: value }).eventStoreConnectionString).toBe(
        value,
      );
    });

    it('takes none for no research exception, and 0 to keep gallring out of the projector', () => {
      expect(loadConfig({ GALLRING_RESEARCH_DAYS: 'none', GALLRING_INTERVAL_HOURS: '0' })).toMatchObject({
        gallringResearchDays: [],
        gallringIntervalHours: 0,
      });
      expect(loadConfig({ GALLRING_RESEARCH_DAYS: '1,31' }).gallringResearchDays).toEqual([1, 31]);
    });

    it('treats an empty variable as unset', () => {
      expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({ port: 3000 });
      expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    });
  });

  describe.each([
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }, /needs PostgreSQL/],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }, /not a URL/],
    ['EVENT_STORE', { EVENT_STORE: 'mongodb' }, /postgres .* or eventstoredb/],
    ['EVENTSTORE_CONNECTION_STRING', { EVENT_STORE: 'eventstoredb' }, /is not set/],
    ['EVENTSTORE_CONNECTION_STRING', { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://a:2113' }, /esdb:\/\//],
    ['PORT', { PORT: 'eighty' }, /whole number from 1 to 65535/],
    ['PORT', { PORT: '0' }, /whole number from 1 to 65535/],
    ['PORT', { PORT: '65536' }, /whole number from 1 to 65535/],
    ['PORT', { PORT: '3000.5' }, /whole number from 1 to 65535/],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /fatal, error, warn, info, debug, trace, silent/],
    ['PROJECTIONS_IN_PROCESS', { PROJECTIONS_IN_PROCESS: 'yes' }, /true .* or false/],
    ['DATABASE_SCHEMA', { DATABASE_SCHEMA: 'Samspår; drop' }, /lower-case letters, digits and _/],
    ['GALLRING_RESEARCH_DAYS', { GALLRING_RESEARCH_DAYS: '0,15' }, /from 1 to 31 .* or none/],
    ['GALLRING_RESEARCH_DAYS', { GALLRING_RESEARCH_DAYS: '32' }, /from 1 to 31/],
    ['GALLRING_RESEARCH_DAYS', { GALLRING_RESEARCH_DAYS: '5;15' }, /separated by commas/],
    ['GALLRING_RESEARCH_DAYS', { GALLRING_RESEARCH_DAYS: '5,,15' }, /from 1 to 31/],
    ['GALLRING_INTERVAL_HOURS', { GALLRING_INTERVAL_HOURS: 'daily' }, /from 0 to 8760/],
    ['GALLRING_INTERVAL_HOURS', { GALLRING_INTERVAL_HOURS: '-1' }, /from 0 to 8760/],
    ['COMMAND_CACHE_STREAMS', { COMMAND_CACHE_STREAMS: 'many' }, /not a whole number/],
    ['RATE_LIMIT_REDIS_URL', { RATE_LIMIT_REDIS_URL: 'localhost:6379' }, /not redis or rediss; set it to redis:\/\//],
    ['RATE_LIMIT_REDIS_URL', { RATE_LIMIT_REDIS_URL: 'redis host' }, /not a URL/],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /http:\/\/ or https:\/\//],
  ] as const)('When %s is bad (%j)', (variable, env, fix) => {
    it('refuses with one line that names the variable and says how to fix it', () => {
      const error = problemOf(env);
      expect(error.problems.map((problem) => problem.variable)).toEqual([variable]);
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(variable);
      expect(error.message).toMatch(fix);
    });
  });

  describe('When a bad value holds a password or a line break', () => {
    it('echoes neither', () => {
      expect(problemOf({ DATABASE_URL: 'mysql://samspar:hunter2@db/samspar' }).message).not.toContain('hunter2');
      expect(
        problemOf({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'tcp://admin:changeit@esdb:1113' }).message,
      ).not.toContain('changeit');
      expect(problemOf({ LOG_LEVEL: 'info\nFAKE LINE' }).message).not.toContain('\n');
      expect(problemOf({ RATE_LIMIT_REDIS_URL: 'http://:hunter2@redis:6379' }).message).not.toContain('hunter2');
    });
  });

  describe('When several variables are bad', () => {
    it('names them all on one line', () => {
      const error = problemOf({ PORT: 'x', LOG_LEVEL: 'loud' });
      expect(error.problems.map((problem) => problem.variable)).toEqual(['PORT', 'LOG_LEVEL']);
      expect(error.message).not.toContain('\n');
    });
  });

  describe('When the built api starts with a bad DATABASE_URL', () => {
    const root = resolve(__dirname, '../../../..');

    beforeAll(() => buildAppsOnce(), 180_000);

    it('exits with code 1 and one line on stderr that names DATABASE_URL, before Nest starts', () => {
      const result = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'mysql://x' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.split('\n').filter((line) => line.length > 0);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('DATABASE_URL');
      expect(lines[0]).not.toMatch(/\bat .*\.js:\d+/);
    });
  });
});

describe('When the keys for personal data are configured', () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  it('reads both', () => {
    const config = loadConfig({ PRIVACY_MASTER_KEY: key(1), PRIVACY_LOOKUP_KEY: key(2) });
    expect(config.privacyKeys?.masterKey.equals(Buffer.alloc(32, 1))).toBe(true);
  });

  it('refuses one without the other, naming the variable', () => {
    expect(() => loadConfig({ PRIVACY_MASTER_KEY: key(1) })).toThrow(/PRIVACY_LOOKUP_KEY/);
  });

  it('refuses production without them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PRIVACY_MASTER_KEY/);
  });
});

describe('When a request names a UUID in capitals', () => {
  it('means the same id as in lower case, everywhere in the body', () => {
    expect(
      lowerCaseUuids({
        id: '3F1C2B7E-8D4A-4C6B-9E2F-5A7D1C0B9E44',
        list: ['3F1C2B7E-8D4A-4C6B-9E2F-5A7D1C0B9E44', 'Anna'],
        nested: { name: 'ABC', n: 1 },
      }),
    ).toEqual({
      id: '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44',
      list: ['3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44', 'Anna'],
      nested: { name: 'ABC', n: 1 },
    });
  });
});

describe('When a trial installation signs in with the development key in production', () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
  const production = { NODE_ENV: 'production', PRIVACY_MASTER_KEY: key(1), PRIVACY_LOOKUP_KEY: key(2) };

  it('refuses production without an identity provider, naming the variable and the switch', () => {
    expect(() => loadConfig(production)).toThrow(/AUTH_JWKS_URL is not set/);
  });

  it('allows it only with AUTH_DEVELOPMENT_SIGN_IN=true, and says so in the config', () => {
    const config = loadConfig({ ...production, AUTH_DEVELOPMENT_SIGN_IN: 'true' });
    expect(config.auth).toBeUndefined();
    expect(config.developmentSignInInProduction).toBe(true);
  });

  it('does not mark development as a trial installation: there it is the default anyway', () => {
    expect(loadConfig({ AUTH_DEVELOPMENT_SIGN_IN: 'true' }).developmentSignInInProduction).toBeUndefined();
  });

  it('refuses the switch beside an identity provider', () => {
    expect(() =>
      loadConfig({
        ...production,
        AUTH_DEVELOPMENT_SIGN_IN: 'true',
        AUTH_JWKS_URL: 'https://login.example.se/jwks.json',
        AUTH_ISSUER: 'https://login.example.se',
        AUTH_AUDIENCE: 'samspar-api',
      }),
    ).toThrow(/unset AUTH_DEVELOPMENT_SIGN_IN to sign in through the identity provider/);
  });

  it('refuses a value other than true or false', () => {
    expect(() => loadConfig({ ...production, AUTH_DEVELOPMENT_SIGN_IN: 'yes' })).toThrow(
      /AUTH_DEVELOPMENT_SIGN_IN is "yes"; set it to true/,
    );
  });
});

describe('When reports read from a standby', () => {
  it('takes REPORTS_DATABASE_URL beside DATABASE_URL, for the event store config too', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://a/b', REPORTS_DATABASE_URL: 'postgres://standby/b' });
    expect(config.reportsDatabaseUrl).toBe('postgres://standby/b');
    expect(eventStoreConfigOf(config).reportsDatabaseUrl).toBe('postgres://standby/b');
  });

  it('refuses it without DATABASE_URL: PGlite has no standby', () => {
    expect(() => loadConfig({ REPORTS_DATABASE_URL: 'postgres://standby/b' })).toThrow(
      /REPORTS_DATABASE_URL is set but DATABASE_URL is not/,
    );
  });

  it('refuses one that is not PostgreSQL, naming the variable and the fix', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a/b', REPORTS_DATABASE_URL: 'mysql://x' })).toThrow(
      /REPORTS_DATABASE_URL uses "mysql", but Samspår needs PostgreSQL; set it to a hot standby of DATABASE_URL/,
    );
  });
});
