import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSigningKey, signDevToken } from './dev-signing-key';
import { TokenVerifier } from './token-verifier';

describe('When the same token comes again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samspar-verifier-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is trusted from memory until it expires, and refused after', async () => {
    const key = await loadOrCreateDevSigningKey(dir);
    const verifier = TokenVerifier.forDevelopmentKey(key);
    const principal = {
      userId: 'u1',
      role: 'caseworker' as const,
      organisationIds: ['3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44'],
      permissions: [],
    };
    const token = await signDevToken(key, principal, { ttlSeconds: 60 });
    const now = Date.now();

    expect(await verifier.verify(token, now)).toMatchObject({ userId: 'u1' });
    expect(await verifier.verify(token, now + 30_000)).toMatchObject({ userId: 'u1' });
    // Past exp (and the clock tolerance) the cached principal no longer counts; jose refuses it.
    await expect(verifier.verify(token, now + 10 * 60_000)).rejects.toThrow(/expired/);
  });
});
