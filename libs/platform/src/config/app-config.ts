import { LOOKUP_KEY_VARIABLE, MASTER_KEY_VARIABLE, privacyKeysFromEnv } from '@samspar/privacy';
import type { PrivacyKeys } from '@samspar/privacy';
import { join } from 'node:path';
import type { EventStoreModuleConfig } from '@samspar/event-store';

export const APP_CONFIG = Symbol('APP_CONFIG');

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly eventStore: 'postgres' | 'eventstoredb';
  readonly eventStoreConnectionString?: string;
  /** Unset means PGlite in `dataDir`. */
  readonly databaseUrl?: string;
  /** REPORTS_DATABASE_URL: a hot standby of DATABASE_URL that report and list queries read. */
  readonly reportsDatabaseUrl?: string;
  readonly databaseSchema: string;
  readonly dataDir: string;
  readonly projectionsInProcess: boolean;
  /** Sign-in through an identity provider. Unset means development sign-in with a local key, never in production. */
  readonly auth?: AuthConfig;
  /**
   * AUTH_DEVELOPMENT_SIGN_IN=true: development sign-in although NODE_ENV=production, for a trial installation
   * without an identity provider (docker/compose.yaml). Logged as a warning at every start.
   */
  readonly developmentSignInInProduction?: true;
  /** PRIVACY_MASTER_KEY and PRIVACY_LOOKUP_KEY; unset means development keys under DATA_DIR. */
  readonly privacyKeys?: PrivacyKeys;
  /** RATE_LIMIT_PER_MINUTE: requests per signed-in user (or client IP) per minute; 0 turns the limit off. Unset means DEFAULT_RATE_LIMIT_PER_MINUTE. */
  readonly rateLimitPerMinute?: number;
  /** RATE_LIMIT_REDIS_URL: one budget per user across every api process, counted in Redis. Unset means each process counts alone. */
  readonly rateLimitRedisUrl?: string;
  /** COMMAND_CACHE_STREAMS: how many participant streams' folded state the command handler keeps; 0 none. */
  readonly commandCacheStreams: number;
  /** GALLRING_RESEARCH_DAYS: people born on these days of the month are kept for research; empty for none. */
  readonly gallringResearchDays: readonly number[];
  /** GALLRING_INTERVAL_HOURS: how often the projector runs gallring; 0 never. */
  readonly gallringIntervalHours: number;
}

/** Enough for every participant a busy office touches in a day, a few MB of folded state. */
export const DEFAULT_COMMAND_CACHE_STREAMS = 10_000;

/** Far above what a person or the load tests send, low enough to stop one runaway client. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1_200;

/** AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE: set all three, or none outside production. */
export interface AuthConfig {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** AUTH_WEB_CLIENT_ID: the web app's OpenID Connect client id at the provider; AUTH_AUDIENCE when unset. */
  readonly webClientId: string;
}

export interface ConfigProblem {
  readonly variable: string;
  /** One sentence or two: what is wrong and how to fix it. Never contains a newline. */
  readonly message: string;
}

/** Every problem found, so that one start shows them all; the message is always one line. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((problem) => problem.message).join(' '));
    this.name = 'ConfigError';
  }
}

const ESDB_SCHEMES = ['esdb://', 'esdb+discover://', 'kurrentdb://', 'kurrentdb+discover://'];
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Reads and checks the environment. Throws ConfigError, never anything else. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { port?: number } = {}): AppConfig {
  const problems: ConfigProblem[] = [];
  const fail = (variable: string, message: string): undefined => {
    problems.push({ variable, message });
    return undefined;
  };
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };

  const port = parsePort(read('PORT'), defaults.port ?? 3000, fail);

  const logLevelText = read('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelText)
    ? (logLevelText as LogLevel)
    : fail(
        'LOG_LEVEL',
        `LOG_LEVEL is ${show(logLevelText)}, which is not a pino level; set it to one of ${LOG_LEVELS.join(', ')}.`,
      );

  const eventStoreText = read('EVENT_STORE') ?? 'postgres';
  const eventStore =
    eventStoreText === 'postgres' || eventStoreText === 'eventstoredb'
      ? eventStoreText
      : fail(
          'EVENT_STORE',
          `EVENT_STORE is ${show(eventStoreText)}, which is not an event store Samspår has; set it to postgres (the default) or eventstoredb.`,
        );

  const connectionString = read('EVENTSTORE_CONNECTION_STRING');
  if (eventStore === 'eventstoredb') {
    if (!connectionString) {
      fail(
        'EVENTSTORE_CONNECTION_STRING',
        'EVENTSTORE_CONNECTION_STRING is not set, but EVENT_STORE=eventstoredb needs it; set it to esdb://HOST:2113?tls=false, or set EVENT_STORE=postgres.',
      );
    } else if (!ESDB_SCHEMES.some((scheme) => connectionString.toLowerCase().startsWith(scheme))) {
      // The value may hold a password, so only its scheme is echoed.
      fail(
        'EVENTSTORE_CONNECTION_STRING',
        `EVENTSTORE_CONNECTION_STRING starts with ${show(schemeOf(connectionString))}, not esdb://, esdb+discover:// or kurrentdb://; set it to esdb://HOST:2113?tls=false.`,
      );
    }
  }

  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl, fail);
  const reportsDatabaseUrl = read('REPORTS_DATABASE_URL');
  if (reportsDatabaseUrl !== undefined) {
    if (databaseUrl === undefined) {
      fail(
        'REPORTS_DATABASE_URL',
        'REPORTS_DATABASE_URL is set but DATABASE_URL is not: a standby copies a PostgreSQL server, not the embedded PGlite; set DATABASE_URL to the primary, or unset REPORTS_DATABASE_URL.',
      );
    } else {
      checkDatabaseUrl(
        reportsDatabaseUrl,
        fail,
        'REPORTS_DATABASE_URL',
        'set it to a hot standby of DATABASE_URL, postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to read reports from DATABASE_URL.',
      );
    }
  }

  const databaseSchema = read('DATABASE_SCHEMA') ?? 'samspar';
  if (!SCHEMA_NAME.test(databaseSchema)) {
    fail(
      'DATABASE_SCHEMA',
      `DATABASE_SCHEMA is ${show(databaseSchema)}; use lower-case letters, digits and _ (not starting with a digit, at most 63), for example samspar.`,
    );
  }

  const projectionsText = (read('PROJECTIONS_IN_PROCESS') ?? 'true').toLowerCase();
  const projectionsInProcess =
    projectionsText === 'true'
      ? true
      : projectionsText === 'false'
        ? false
        : fail(
            'PROJECTIONS_IN_PROCESS',
            `PROJECTIONS_IN_PROCESS is ${show(projectionsText)}; set it to true (run projections in this process, the default) or false.`,
          );

  const auth = readAuth(read, fail);
  const developmentSignIn = readDevelopmentSignIn(read, fail, auth !== undefined);

  const rateLimitText = read('RATE_LIMIT_PER_MINUTE');
  const rateLimitPerMinute =
    rateLimitText === undefined
      ? undefined
      : /^\d{1,9}$/.test(rateLimitText)
        ? Number(rateLimitText)
        : fail(
            'RATE_LIMIT_PER_MINUTE',
            `RATE_LIMIT_PER_MINUTE is ${show(rateLimitText)}, which is not a whole number; set it to the requests each user may send per minute (0 turns the limit off), or unset it for ${DEFAULT_RATE_LIMIT_PER_MINUTE}.`,
          );

  const rateLimitRedisUrl = read('RATE_LIMIT_REDIS_URL');
  if (rateLimitRedisUrl !== undefined) checkRedisUrl(rateLimitRedisUrl, fail);

  // Read by the tracing set-up before this runs (libs/platform/src/tracing); checked here so that a typo stops the start.
  const otlpEndpoint = read('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== undefined && !/^https?:\/\/[^/\s]/i.test(otlpEndpoint)) {
    fail(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      `OTEL_EXPORTER_OTLP_ENDPOINT starts with ${show(schemeOf(otlpEndpoint))}, not http:// or https://; set it to the collector's OTLP/HTTP address, such as http://otel-collector:4318, or unset it to keep spans in the process.`,
    );
  }

  const cacheText = read('COMMAND_CACHE_STREAMS');
  const commandCacheStreams =
    cacheText === undefined
      ? DEFAULT_COMMAND_CACHE_STREAMS
      : /^\d{1,9}$/.test(cacheText)
        ? Number(cacheText)
        : fail(
            'COMMAND_CACHE_STREAMS',
            `COMMAND_CACHE_STREAMS is ${show(cacheText)}, which is not a whole number; set it to how many streams' state to keep (0 keeps none), or unset it for ${DEFAULT_COMMAND_CACHE_STREAMS}.`,
          );

  // Keys for personal data: both or none; none means development keys under DATA_DIR, never in production.
  let privacyKeys: PrivacyKeys | undefined;
  try {
    privacyKeys = privacyKeysFromEnv(env);
  } catch (error) {
    const message = (error as Error).message;
    fail(message.startsWith(LOOKUP_KEY_VARIABLE) ? LOOKUP_KEY_VARIABLE : MASTER_KEY_VARIABLE, message);
  }
  if (!privacyKeys && read('NODE_ENV') === 'production') {
    fail(
      MASTER_KEY_VARIABLE,
      `${MASTER_KEY_VARIABLE} and ${LOOKUP_KEY_VARIABLE} are unset, but NODE_ENV=production needs them: set each to 32 random bytes in base64 (openssl rand -base64 32).`,
    );
  }

  const gallringResearchDays = parseResearchDays(read('GALLRING_RESEARCH_DAYS'), fail);
  const gallringIntervalHours = parseIntervalHours(read('GALLRING_INTERVAL_HOURS'), fail);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: port!,
    logLevel: logLevel!,
    eventStore: eventStore!,
    ...(connectionString ? { eventStoreConnectionString: connectionString } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(databaseUrl && reportsDatabaseUrl ? { reportsDatabaseUrl } : {}),
    databaseSchema,
    dataDir: read('DATA_DIR') ?? './data',
    projectionsInProcess: projectionsInProcess!,
    ...(auth ? { auth } : {}),
    ...(developmentSignIn && read('NODE_ENV') === 'production' ? { developmentSignInInProduction: true as const } : {}),
    ...(privacyKeys ? { privacyKeys } : {}),
    ...(rateLimitPerMinute !== undefined ? { rateLimitPerMinute } : {}),
    ...(rateLimitRedisUrl ? { rateLimitRedisUrl } : {}),
    commandCacheStreams: commandCacheStreams!,
    gallringResearchDays: gallringResearchDays!,
    gallringIntervalHours: gallringIntervalHours!,
  };
}

/**
 * For entry points: a bad environment ends the process before Nest starts, with one line on
 * stderr and exit code 1, so that an orchestrator's log shows the cause and nothing else.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv, defaults: { port?: number } = {}): AppConfig {
  try {
    return loadConfig(env, defaults);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(`Samspår cannot start: ${message}\n`);
    process.exit(1);
  }
}

export function eventStoreConfigOf(config: AppConfig): EventStoreModuleConfig {
  return {
    eventStore: config.eventStore,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    ...(config.reportsDatabaseUrl ? { reportsDatabaseUrl: config.reportsDatabaseUrl } : {}),
    dataDir: join(config.dataDir, 'pglite'),
    schema: config.databaseSchema,
    ...(config.eventStoreConnectionString ? { connectionString: config.eventStoreConnectionString } : {}),
  };
}

/** Where the read side lives, for log lines: never includes a password. */
export function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return `PGlite in ${join(config.dataDir, 'pglite')}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.hostname || 'local socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

function parsePort(text: string | undefined, fallback: number, fail: (variable: string, message: string) => undefined) {
  if (text === undefined) return fallback;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (port >= 1 && port <= 65535) return port;
  return fail(
    'PORT',
    `PORT is ${show(text)}, which is not a whole number from 1 to 65535; set it to a free TCP port, or unset it for ${fallback}.`,
  );
}

/** SoL 12:1's research exception: the default keeps people born on the 5th, 15th and 25th. */
const DEFAULT_RESEARCH_DAYS = [5, 15, 25];

function parseResearchDays(text: string | undefined, fail: (variable: string, message: string) => undefined) {
  if (text === undefined) return DEFAULT_RESEARCH_DAYS;
  if (text.toLowerCase() === 'none') return [];
  const days = text.split(',').map((part) => part.trim());
  if (days.every((day) => /^\d{1,2}$/.test(day) && Number(day) >= 1 && Number(day) <= 31)) {
    return [...new Set(days.map(Number))].sort((a, b) => a - b);
  }
  return fail(
    'GALLRING_RESEARCH_DAYS',
    `GALLRING_RESEARCH_DAYS is ${show(text)}; set it to days of the month from 1 to 31 separated by commas, such as 5,15,25 (the default), or none for no research exception.`,
  );
}

function parseIntervalHours(text: string | undefined, fail: (variable: string, message: string) => undefined) {
  if (text === undefined) return 24;
  const hours = /^\d{1,4}(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (hours >= 0 && hours <= 8760) return hours;
  return fail(
    'GALLRING_INTERVAL_HOURS',
    `GALLRING_INTERVAL_HOURS is ${show(text)}, which is not a number of hours from 0 to 8760; set it to 24 (the default), or 0 to run gallring only from the cli.`,
  );
}

function checkDatabaseUrl(
  text: string,
  fail: (variable: string, message: string) => undefined,
  variable = 'DATABASE_URL',
  fix = 'set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to keep the data in PGlite under DATA_DIR.',
): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail(variable, `${variable} is not a URL; ${fix}`);
    return;
  }
  // Only the scheme is echoed: the rest may hold a password.
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    fail(variable, `${variable} uses ${show(url.protocol.replace(/:$/, ''))}, but Samspår needs PostgreSQL; ${fix}`);
  }
}

function checkRedisUrl(text: string, fail: (variable: string, message: string) => undefined): void {
  const fix =
    'set it to redis://[:PASSWORD@]HOST:6379[/DB] (rediss:// for TLS), or unset it to count the rate limit in each process.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail('RATE_LIMIT_REDIS_URL', `RATE_LIMIT_REDIS_URL is not a URL; ${fix}`);
    return;
  }
  // Only the scheme is echoed: the rest may hold a password.
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    fail(
      'RATE_LIMIT_REDIS_URL',
      `RATE_LIMIT_REDIS_URL uses ${show(url.protocol.replace(/:$/, ''))}, not redis or rediss; ${fix}`,
    );
  } else if (!url.hostname) {
    fail('RATE_LIMIT_REDIS_URL', `RATE_LIMIT_REDIS_URL names no host; ${fix}`);
  }
}

const AUTH_EXAMPLES = {
  AUTH_JWKS_URL: "your identity provider's jwks_uri, such as https://login.example.se/.well-known/jwks.json",
  AUTH_ISSUER: 'the iss its tokens carry, such as https://login.example.se',
  AUTH_AUDIENCE: 'the aud it gives Samspår, such as samspar-api',
} as const;

function readAuth(
  read: (name: string) => string | undefined,
  fail: (variable: string, message: string) => undefined,
): AuthConfig | undefined {
  const values = { AUTH_JWKS_URL: read('AUTH_JWKS_URL'), AUTH_ISSUER: read('AUTH_ISSUER'), AUTH_AUDIENCE: read('AUTH_AUDIENCE') };
  const production = read('NODE_ENV') === 'production';
  const anySet = Object.values(values).some((value) => value !== undefined);
  if (!anySet && (!production || read('AUTH_DEVELOPMENT_SIGN_IN') === 'true')) return undefined;

  // Development sign-in trusts a key on local disk, so production must name a real identity provider.
  const why = production
    ? 'but NODE_ENV=production needs an identity provider'
    : 'but sign-in through an identity provider needs all three AUTH_ variables';
  for (const [variable, value] of Object.entries(values)) {
    if (value === undefined)
      fail(variable, `${variable} is not set, ${why}; set it to ${AUTH_EXAMPLES[variable as keyof typeof AUTH_EXAMPLES]}.`);
  }
  const { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience } = values;
  if (jwksUrl !== undefined && !isTrustworthyJwksUrl(jwksUrl)) {
    fail(
      'AUTH_JWKS_URL',
      `AUTH_JWKS_URL is not an https:// URL (http:// is allowed only for localhost); set it to ${AUTH_EXAMPLES.AUTH_JWKS_URL}.`,
    );
  }
  return jwksUrl && issuer && audience
    ? { jwksUrl, issuer, audience, webClientId: read('AUTH_WEB_CLIENT_ID') ?? audience }
    : undefined;
}

/** AUTH_DEVELOPMENT_SIGN_IN: true or false; true beside an identity provider would leave it unclear who signs tokens. */
function readDevelopmentSignIn(
  read: (name: string) => string | undefined,
  fail: (variable: string, message: string) => undefined,
  identityProvider: boolean,
): boolean {
  const text = read('AUTH_DEVELOPMENT_SIGN_IN');
  if (text === undefined || text === 'false') return false;
  if (text !== 'true') {
    fail(
      'AUTH_DEVELOPMENT_SIGN_IN',
      `AUTH_DEVELOPMENT_SIGN_IN is ${show(text)}; set it to true (sign-in with the development key in DATA_DIR, for a trial installation) or false.`,
    );
    return false;
  }
  if (identityProvider) {
    fail(
      'AUTH_DEVELOPMENT_SIGN_IN',
      'AUTH_DEVELOPMENT_SIGN_IN=true and the AUTH_ variables of an identity provider are both set; unset AUTH_DEVELOPMENT_SIGN_IN to sign in through the identity provider.',
    );
    return false;
  }
  return true;
}

/** Keys fetched over plain http from another host could be swapped on the way, and with them every token. */
function isTrustworthyJwksUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function schemeOf(text: string): string {
  const match = /^[^:/]*:?\/*/.exec(text);
  return (match?.[0] ?? '').slice(0, 30);
}

/** Quoted, escaped and cut short, so that a bad value can never add a line or flood the log. */
function show(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
