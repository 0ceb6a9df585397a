import { randomBytes } from 'node:crypto';
import { IllegalStateError, newId } from '@samspar/kernel';
import { SqlClient, quoteIdent } from '@samspar/event-store';
import { KeyVault, KeyVaultOptions, MasterKeyError, SealedValue, SealedValueError } from '../key-vault';

export interface VaultDatabase {
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

const personalData = {
  personnummer: '199001012385',
  name: 'Åsa Öberg-Nilsson',
  phone: '070-123 45 67',
};

/** What every database under a KeyVault must do; PGlite and PostgreSQL run the same list. */
export function keyVaultContract(openDatabase: () => Promise<VaultDatabase>): void {
  let db: VaultDatabase;
  let vault: KeyVault;
  const masterKey = randomBytes(32);
  const open = (options: Partial<KeyVaultOptions> = {}) =>
    KeyVault.create({ sql: db.sql, schema: db.schema, masterKey, ...options });

  beforeAll(async () => {
    db = await openDatabase();
    vault = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('When a value is sealed for a subject', () => {
    it('opens to the same value', async () => {
      const subject = newId();
      for (const value of [personalData, 'Åsa', 42, null, [1, 'två', { tre: true }]]) {
        await expect(vault.decrypt(await vault.encrypt(subject, value))).resolves.toEqual({ status: 'ok', value });
      }
    });

    it('writes none of the plain text into the sealed JSON', async () => {
      const sealed = await vault.encrypt(newId(), personalData);
      const json = JSON.stringify(sealed);

      expect(Object.keys(sealed).sort()).toEqual(['alg', 'ct', 'iv', 'kid', 'tag']);
      expect(sealed.alg).toBe('A256GCM');
      for (const text of ['199001012385', '19900101', 'Åsa', 'Öberg', '070-123']) {
        expect(json).not.toContain(text);
      }
      expect(json).not.toContain(Buffer.from(JSON.stringify(personalData)).toString('base64url').slice(0, 16));
    });

    it('names the subject in lower case however its id was written', async () => {
      const subject = newId();
      const sealed = await vault.encrypt(subject.toUpperCase(), 'Åsa');
      expect(sealed.kid).toBe(subject);
      await expect(vault.decrypt(sealed)).resolves.toEqual({ status: 'ok', value: 'Åsa' });
      await expect(vault.decrypt({ ...sealed, kid: subject.toUpperCase() })).rejects.toMatchObject({ reason: 'tampered' });
    });

    it('seals the same value differently each time', async () => {
      const subject = newId();
      const [a, b] = [await vault.encrypt(subject, personalData), await vault.encrypt(subject, personalData)];
      expect(a.iv).not.toBe(b.iv);
      expect(a.ct).not.toBe(b.ct);
    });

    it('stores only a wrapped key, one per subject', async () => {
      const subject = newId();
      await vault.ensureKey(subject);
      await vault.ensureKey(subject);
      const rows = await db.sql.query<{ wrapped_key: Uint8Array; destroyed_at: unknown }>(
        `SELECT wrapped_key, destroyed_at FROM ${quoteIdent(db.schema)}.privacy_keys WHERE subject_id = $1`,
        [subject],
      );
      expect(rows).toHaveLength(1);
      // 12 bytes of nonce, 16 of tag and the 32-byte key under the master key.
      expect(Buffer.from(rows[0]!.wrapped_key)).toHaveLength(60);
      expect(rows[0]!.destroyed_at).toBeNull();
    });

    it('gives two vaults that make the same key at once one key', async () => {
      const subject = newId();
      const other = await open();
      const [a, b] = await Promise.all([vault.encrypt(subject, 'a'), other.encrypt(subject, 'b')]);
      await expect(other.decrypt(a)).resolves.toEqual({ status: 'ok', value: 'a' });
      await expect(vault.decrypt(b)).resolves.toEqual({ status: 'ok', value: 'b' });
    });
  });

  describe('When a sealed value was changed', () => {
    it('refuses a value moved to another subject', async () => {
      const [a, b] = [newId(), newId()];
      await vault.ensureKey(b);
      const sealed = await vault.encrypt(a, personalData);

      await expect(vault.decrypt({ ...sealed, kid: b })).rejects.toThrow(SealedValueError);
      await expect(vault.decrypt({ ...sealed, kid: b })).rejects.toMatchObject({ reason: 'tampered' });
    });

    it('refuses a value whose ciphertext, tag or nonce was changed', async () => {
      const sealed = await vault.encrypt(newId(), personalData);
      const flip = (text: string) => {
        const bytes = Buffer.from(text, 'base64url');
        bytes[0] = bytes[0]! ^ 1;
        return bytes.toString('base64url');
      };
      for (const changed of [{ ct: flip(sealed.ct) }, { tag: flip(sealed.tag) }, { iv: flip(sealed.iv) }]) {
        await expect(vault.decrypt({ ...sealed, ...changed })).rejects.toMatchObject({ reason: 'tampered' });
      }
    });

    it('refuses a value for a subject that never had a key', async () => {
      const sealed = await vault.encrypt(newId(), personalData);
      await expect(vault.decrypt({ ...sealed, kid: newId() })).rejects.toMatchObject({ reason: 'unknown-subject' });
    });

    it('refuses what is not a sealed value', async () => {
      const sealed = await vault.encrypt(newId(), personalData);
      const broken: unknown[] = [
        null,
        'text',
        { ...sealed, alg: 'A128GCM' },
        { ...sealed, kid: 'participant-1' },
        { ...sealed, iv: sealed.iv.slice(2) },
        { ...sealed, tag: '!!' },
      ];
      for (const value of broken) {
        await expect(vault.decrypt(value as SealedValue)).rejects.toMatchObject({
          name: 'SealedValueError',
          reason: 'malformed',
        });
      }
    });
  });

  describe('When the key was destroyed (gallring)', () => {
    it('reads as erased, in this vault and in a new one without a cache', async () => {
      const subject = newId();
      const sealed = await vault.encrypt(subject, personalData);

      const destruction = await vault.destroyKey(subject, 'gallring: SoL 12:1, 5 years after the last entry');

      expect(destruction).toMatchObject({ subjectId: subject, alreadyDestroyed: false });
      await expect(vault.decrypt(sealed)).resolves.toEqual({ status: 'erased' });
      await expect(vault.isDestroyed(subject)).resolves.toBe(true);
      const fresh = await open();
      await expect(fresh.decrypt(sealed)).resolves.toEqual({ status: 'erased' });
      await expect(fresh.isDestroyed(subject)).resolves.toBe(true);
    });

    it('keeps the first time and reason when it is destroyed again', async () => {
      const subject = newId();
      await vault.ensureKey(subject);
      const first = await vault.destroyKey(subject, 'gallring');
      const again = await (await open()).destroyKey(subject, 'asked again');

      expect(again).toEqual({ ...first, alreadyDestroyed: true });
      const [row] = await db.sql.query<{ wrapped_key: unknown; destroyed_reason: string }>(
        `SELECT wrapped_key, destroyed_reason FROM ${quoteIdent(db.schema)}.privacy_keys WHERE subject_id = $1`,
        [subject],
      );
      expect(row).toEqual({ wrapped_key: null, destroyed_reason: 'gallring' });
    });

    it('leaves other subjects readable', async () => {
      const [gone, kept] = [newId(), newId()];
      await vault.encrypt(gone, personalData);
      const sealed = await vault.encrypt(kept, personalData);
      await vault.destroyKey(gone, 'gallring');
      await expect(vault.decrypt(sealed)).resolves.toEqual({ status: 'ok', value: personalData });
    });

    it('refuses to seal new personal data for the subject, and never makes it a new key', async () => {
      const subject = newId();
      await vault.destroyKey(subject, 'gallring before any personal data was recorded');

      await expect(vault.encrypt(subject, personalData)).rejects.toThrow(IllegalStateError);
      await expect(vault.ensureKey(subject)).rejects.toMatchObject({ rule: 'personal-data-erased' });
      await expect(vault.isDestroyed(subject)).resolves.toBe(true);
    });

    it('is not undone by writing a key into the row', async () => {
      const subject = newId();
      await vault.ensureKey(subject);
      await vault.destroyKey(subject, 'gallring');
      await expect(
        db.sql.query(
          `UPDATE ${quoteIdent(db.schema)}.privacy_keys SET wrapped_key = $2, destroyed_at = NULL WHERE subject_id = $1`,
          [subject, randomBytes(60)],
        ),
      ).rejects.toThrow(/destroyed/);
    });

    it('reaches another vault once its cached key has expired', async () => {
      const subject = newId();
      const reader = await open({ cacheTtlMs: 0 });
      const sealed = await vault.encrypt(subject, personalData);
      await expect(reader.decrypt(sealed)).resolves.toEqual({ status: 'ok', value: personalData });

      await vault.destroyKey(subject, 'gallring');

      await expect(reader.decrypt(sealed)).resolves.toEqual({ status: 'erased' });
    });

    it('reaches another vault once its key has left the bounded cache', async () => {
      const [subject, next] = [newId(), newId()];
      const reader = await open({ cacheSize: 1, cacheTtlMs: 3_600_000 });
      const sealed = await vault.encrypt(subject, personalData);
      await reader.decrypt(sealed);
      await vault.destroyKey(subject, 'gallring');
      await reader.ensureKey(next);

      await expect(reader.decrypt(sealed)).resolves.toEqual({ status: 'erased' });
    });
  });

  describe('When the vault has the wrong master key', () => {
    it('throws MasterKeyError rather than reading anything', async () => {
      const subject = newId();
      const sealed = await vault.encrypt(subject, personalData);
      const wrong = await open({ masterKey: randomBytes(32) });

      await expect(wrong.decrypt(sealed)).rejects.toThrow(MasterKeyError);
      await expect(wrong.encrypt(subject, 'more')).rejects.toThrow(MasterKeyError);
    });

    it('refuses a master key that is not 32 bytes', async () => {
      await expect(open({ masterKey: randomBytes(16) })).rejects.toThrow(/32 bytes/);
    });
  });
}
