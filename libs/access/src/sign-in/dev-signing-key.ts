import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { Principal, claimsOf } from './principal';

/** Development sign-in: the api trusts tokens from this issuer only while no identity provider is configured. */
export const DEV_ISSUER = 'samspar-dev';
export const DEV_AUDIENCE = 'samspar-api';
export const DEV_SIGNING_KEY_FILE = 'dev-signing-key.json';
const ALGORITHM = 'ES256';

export interface DevSigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  /** The public half, as served at /.well-known/jwks.json. */
  readonly publicJwk: JWK;
  readonly path: string;
  /** True when this call made the key, so the caller can say so once. */
  readonly created: boolean;
}

/** The key file is unreadable or not an ES256 private key; the message says how to fix it. */
export class DevSigningKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevSigningKeyError';
  }
}

/**
 * Reads `<dataDir>/dev-signing-key.json`, or makes it when absent. The api and the token command
 * may race to make it, so the file appears whole or not at all and the first writer wins.
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const path = join(dataDir, DEV_SIGNING_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) return fromJwk(existing, path, false);

  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  const stored: JWK = { ...jwk, kid, alg: ALGORITHM, use: 'sig' };

  await mkdir(dataDir, { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() never replaces a file: whoever links first made the key everyone uses.
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyFile(path);
    if (!winner) throw error;
    return fromJwk(winner, path, false);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return fromJwk(stored, path, true);
}

/** A token the api accepts in development mode, for the principal given. */
export async function signDevToken(
  key: DevSigningKey,
  principal: Principal,
  options: { readonly ttlSeconds: number; readonly now?: Date },
): Promise<string> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT(claimsOf(principal))
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + options.ttlSeconds)
    .sign(key.privateKey);
}

async function readKeyFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unusable(path, error);
  }
}

async function fromJwk(value: unknown, path: string, created: boolean): Promise<DevSigningKey> {
  const jwk = value as Partial<Record<'kty' | 'crv' | 'x' | 'y' | 'd' | 'kid', unknown>>;
  const isText = (field: unknown): field is string => typeof field === 'string' && field.length > 0;
  if (
    typeof value !== 'object' ||
    value === null ||
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    ![jwk.x, jwk.y, jwk.d, jwk.kid].every(isText)
  ) {
    throw unusable(path);
  }
  const { kty, crv, x, y, d, kid } = jwk as Record<'kty' | 'crv' | 'x' | 'y' | 'd' | 'kid', string>;
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK({ kty, crv, x, y, d }, ALGORITHM)) as CryptoKey;
  } catch (error) {
    throw unusable(path, error);
  }
  return { kid, privateKey, publicJwk: { kty, crv, x, y, kid, alg: ALGORITHM, use: 'sig' }, path, created };
}

function unusable(path: string, cause?: unknown): DevSigningKeyError {
  return new DevSigningKeyError(
    `The development signing key ${path} is not a readable ES256 private key; delete it and a new one is made (tokens signed with the old one stop working).`,
    { cause },
  );
}
