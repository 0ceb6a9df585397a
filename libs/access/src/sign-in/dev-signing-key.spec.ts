import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_SIGNING_KEY_FILE, DevSigningKeyError, loadOrCreateDevSigningKey, signDevToken } from './dev-signing-key';
import { TokenVerifier } from './token-verifier';

describe('The development signing key', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'samspar-key-')), 'data');
  });

  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  describe('When the data directory has none', () => {
    it('makes one, readable by its owner only, with the private part only in the file', async () => {
      const key = await loadOrCreateDevSigningKey(dataDir);
      expect(key.created).toBe(true);
      expect(key.path).toBe(join(dataDir, DEV_SIGNING_KEY_FILE));
      expect(statSync(key.path).mode & 0o777).toBe(0o600);
      expect(JSON.parse(await readFile(key.path, 'utf8'))).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        kid: key.kid,
        d: expect.any(String),
      });
      expect(key.publicJwk).toEqual({
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: key.kid,
        alg: 'ES256',
        use: 'sig',
      });
    });
  });

  describe('When it already exists', () => {
    it('uses it again, so tokens minted earlier stay valid', async () => {
      const first = await loadOrCreateDevSigningKey(dataDir);
      const token = await signDevToken(
        first,
        { userId: 'u1', role: 'admin', organisationIds: [], permissions: ['system_admin'] },
        { ttlSeconds: 60 },
      );
      const again = await loadOrCreateDevSigningKey(dataDir);
      expect(again.created).toBe(false);
      expect(again.kid).toBe(first.kid);
      await expect(TokenVerifier.forDevelopmentKey(again).verify(token)).resolves.toMatchObject({ userId: 'u1', role: 'admin' });
    });
  });

  describe('When the api and the token command make it at the same moment', () => {
    it('ends with one key that both use', async () => {
      const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevSigningKey(dataDir)));
      expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
      expect(keys.filter((key) => key.created)).toHaveLength(1);
    });
  });

  describe('When the file is not a key', () => {
    it('refuses with a message that names the file and the fix', async () => {
      await loadOrCreateDevSigningKey(dataDir);
      writeFileSync(join(dataDir, DEV_SIGNING_KEY_FILE), '{"kty":"oct","k":"c2VjcmV0"}');
      const failure = loadOrCreateDevSigningKey(dataDir);
      await expect(failure).rejects.toBeInstanceOf(DevSigningKeyError);
      await expect(failure).rejects.toThrow(/dev-signing-key\.json .*delete it/);
    });
  });
});
