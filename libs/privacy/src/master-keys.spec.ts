import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOOKUP_KEY_VARIABLE, MASTER_KEY_VARIABLE, developmentKeys, parseKey, privacyKeysFromEnv } from './master-keys';

const bytes0to31 = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const hex = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const other = '4OHi4+Tl5ufo6err7O3u7/Dx8vP09fb3+Pn6+/z9/v8=';

describe('parseKey', () => {
  it.each([
    ['hex', hex],
    ['upper-case hex', hex.toUpperCase()],
    ['base64', 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='],
    ['base64 without padding', 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'],
    ['base64 with spaces around', '  AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n'],
  ])('reads %s', (_, text) => {
    expect(parseKey(MASTER_KEY_VARIABLE, text)).toEqual(bytes0to31);
  });

  it('reads the url-safe base64 alphabet', () => {
    expect(parseKey(MASTER_KEY_VARIABLE, '4OHi4-Tl5ufo6err7O3u7_Dx8vP09fb3-Pn6-_z9_v8=')).toEqual(Buffer.from(other, 'base64'));
  });

  it.each([
    ['16 bytes', 'AAECAwQFBgcICQoLDA0ODw=='],
    ['63 hex digits', hex.slice(1)],
    ['48 bytes written as base64', Buffer.alloc(48, 7).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['nothing', ''],
    ['an unset variable', undefined],
  ])('refuses %s with one line that names the variable and not the value', (_, text) => {
    let message = '';
    try {
      parseKey(MASTER_KEY_VARIABLE, text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(MASTER_KEY_VARIABLE);
    expect(message).not.toContain('\n');
    if (text) expect(message).not.toContain(text);
  });
});

describe('privacyKeysFromEnv', () => {
  it('reads both keys', () => {
    expect(privacyKeysFromEnv({ [MASTER_KEY_VARIABLE]: hex, [LOOKUP_KEY_VARIABLE]: other })).toEqual({
      masterKey: bytes0to31,
      lookupKey: Buffer.from(other, 'base64'),
    });
  });

  it('gives nothing when neither is set, so that a development start can make its own', () => {
    expect(privacyKeysFromEnv({})).toBeUndefined();
    expect(privacyKeysFromEnv({ [MASTER_KEY_VARIABLE]: ' ', [LOOKUP_KEY_VARIABLE]: '' })).toBeUndefined();
  });

  it('refuses one key without the other, naming the missing one', () => {
    expect(() => privacyKeysFromEnv({ [MASTER_KEY_VARIABLE]: hex })).toThrow(new RegExp(`^${LOOKUP_KEY_VARIABLE} must be set`));
    expect(() => privacyKeysFromEnv({ [LOOKUP_KEY_VARIABLE]: hex })).toThrow(new RegExp(`^${MASTER_KEY_VARIABLE} must be set`));
  });

  it('refuses the same key for both purposes', () => {
    expect(() => privacyKeysFromEnv({ [MASTER_KEY_VARIABLE]: hex, [LOOKUP_KEY_VARIABLE]: hex })).toThrow(/must differ/);
  });
});

describe('developmentKeys', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'samspar-privacy-')), 'data');
  });
  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('makes two different keys once, readable only by the owner, and reuses them', () => {
    const first = developmentKeys(dataDir);
    const file = join(dataDir, 'dev-keys.json');

    expect(first.masterKey).toHaveLength(32);
    expect(first.lookupKey).toHaveLength(32);
    expect(first.masterKey.equals(first.lookupKey)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(developmentKeys(dataDir)).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      [MASTER_KEY_VARIABLE]: first.masterKey.toString('base64'),
      [LOOKUP_KEY_VARIABLE]: first.lookupKey.toString('base64'),
    });
  });

  it('refuses a damaged key file and says which file', () => {
    developmentKeys(dataDir);
    writeFileSync(join(dataDir, 'dev-keys.json'), '{"PRIVACY_MASTER_KEY": "short"}');
    expect(() => developmentKeys(dataDir)).toThrow(join(dataDir, 'dev-keys.json'));
  });
});
