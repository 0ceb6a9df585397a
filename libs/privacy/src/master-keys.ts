import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const KEY_BYTES = 32;

export const MASTER_KEY_VARIABLE = 'PRIVACY_MASTER_KEY';
export const LOOKUP_KEY_VARIABLE = 'PRIVACY_LOOKUP_KEY';

export interface PrivacyKeys {
  /** Wraps every participant's data key (KeyVault). */
  readonly masterKey: Buffer;
  /** Keys the personnummer lookup hash (LookupHasher). */
  readonly lookupKey: Buffer;
}

const HEX = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters and one `=` of padding.
const BASE64 = /^[A-Za-z0-9+/]{43}=?$/;

/**
 * Reads a 32-byte key written as 64 hex digits or as base64 (standard or url-safe).
 * The error names the variable and never repeats its value, which is a secret.
 */
export function parseKey(variable: string, text: string | undefined): Buffer {
  const value = text?.trim() ?? '';
  if (HEX.test(value)) return Buffer.from(value, 'hex');
  // The url-safe alphabet is read as the standard one.
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  if (BASE64.test(base64)) return Buffer.from(base64, 'base64');
  throw new Error(
    `${variable} must be a 32-byte key, written as 64 hex digits or 44 base64 characters (openssl rand -base64 32).`,
  );
}

/**
 * Both keys from the environment, or undefined when neither is set (then a development start may use
 * `developmentKeys`). One without the other, or the same key twice, is a configuration error.
 */
export function privacyKeysFromEnv(env: Readonly<Record<string, string | undefined>>): PrivacyKeys | undefined {
  const master = env[MASTER_KEY_VARIABLE]?.trim();
  const lookup = env[LOOKUP_KEY_VARIABLE]?.trim();
  if (!master && !lookup) return undefined;
  if (!master) throw new Error(`${MASTER_KEY_VARIABLE} must be set when ${LOOKUP_KEY_VARIABLE} is.`);
  if (!lookup) throw new Error(`${LOOKUP_KEY_VARIABLE} must be set when ${MASTER_KEY_VARIABLE} is.`);
  const keys = { masterKey: parseKey(MASTER_KEY_VARIABLE, master), lookupKey: parseKey(LOOKUP_KEY_VARIABLE, lookup) };
  if (keys.masterKey.equals(keys.lookupKey)) {
    throw new Error(`${LOOKUP_KEY_VARIABLE} must differ from ${MASTER_KEY_VARIABLE}: each key has one purpose.`);
  }
  return keys;
}

/**
 * Random keys made once in `<dataDir>/dev-keys.json` (mode 0600) and reused, so that `npm start` works without
 * configuration. Only for development: keys beside the data they protect defeat crypto-shredding.
 */
export function developmentKeys(dataDir: string): PrivacyKeys {
  const file = join(dataDir, 'dev-keys.json');
  if (!existsSync(file)) writeOnce(file);

  const broken = `${file} is not a key file that Samspår wrote; delete it to make new development keys (data sealed with the old ones stays unreadable).`;
  let stored: Record<string, string | undefined>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | undefined>;
  } catch {
    throw new Error(broken);
  }
  let keys: PrivacyKeys | undefined;
  try {
    keys = privacyKeysFromEnv(stored);
  } catch {
    throw new Error(broken);
  }
  if (!keys) throw new Error(broken);
  return keys;
}

// Written aside and linked into place: the file appears whole, and when two processes start at once the
// second link fails and both use the first one's keys.
function writeOnce(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const keys = {
    [MASTER_KEY_VARIABLE]: randomBytes(KEY_BYTES).toString('base64'),
    [LOOKUP_KEY_VARIABLE]: randomBytes(KEY_BYTES).toString('base64'),
  };
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}
