import { KeyObject, createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { IllegalStateError, isUuid } from '@samspar/kernel';
import { Migration, SqlClient, migrate, quoteIdent } from '@samspar/event-store';

/**
 * Personal data as it is written into an event: AES-256-GCM under the subject's own key, with the subject id
 * as additional data, so that the value cannot be moved to another subject. All byte fields are base64url.
 */
export interface SealedValue {
  readonly alg: 'A256GCM';
  /** The subject (participant) whose key sealed it. */
  readonly kid: string;
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

/** `erased`: the subject's key was destroyed (gallring), so the value is gone for good. */
export type Unsealed<T = unknown> = { readonly status: 'ok'; readonly value: T } | { readonly status: 'erased' };

export interface KeyDestruction {
  readonly subjectId: string;
  /** ISO 8601; the first destruction's time, also when it is asked for again. */
  readonly destroyedAt: string;
  readonly reason: string;
  readonly alreadyDestroyed: boolean;
}

/** A sealed value that cannot be opened: changed, moved to another subject, or not a sealed value at all. */
export class SealedValueError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown-subject' | 'tampered',
    message: string,
  ) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** A stored data key does not open with this master key: the wrong key is configured, or the row was changed. */
export class MasterKeyError extends Error {
  constructor(readonly subjectId: string) {
    super(`The data key of subject ${subjectId} does not open with the configured master key`);
    this.name = 'MasterKeyError';
  }
}

export interface KeyVaultOptions {
  readonly sql: SqlClient;
  /** Defaults to `samspar`, the schema of the event store. */
  readonly schema?: string;
  /** 32 bytes (AES-256); wraps every data key. Kept only in configuration, never in the database. */
  readonly masterKey: Buffer;
  /** How many unwrapped keys to keep in memory. */
  readonly cacheSize?: number;
  /** How long a cached key is trusted; bounds how late another process's `destroyKey` is noticed here. */
  readonly cacheTtlMs?: number;
}

export const PRIVACY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'privacy_keys',
    up: (s) => `
      CREATE TABLE ${s}.privacy_keys (
        subject_id uuid PRIMARY KEY,
        wrapped_key bytea NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz NULL,
        destroyed_reason text NULL,
        -- A key is either there or destroyed with a reason; never both, never neither.
        CONSTRAINT privacy_keys_live_or_destroyed CHECK (
          (wrapped_key IS NOT NULL AND destroyed_at IS NULL AND destroyed_reason IS NULL)
          OR (wrapped_key IS NULL AND destroyed_at IS NOT NULL AND destroyed_reason IS NOT NULL)
        )
      );

      -- Gallring is final: a destroyed key is never replaced, so old ciphertext cannot become readable again.
      CREATE FUNCTION ${s}.privacy_keys_stay_destroyed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF OLD.destroyed_at IS NOT NULL THEN
          RAISE EXCEPTION 'privacy key % is destroyed', OLD.subject_id USING ERRCODE = 'SA101';
        END IF;
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER privacy_keys_stay_destroyed BEFORE UPDATE OR DELETE ON ${s}.privacy_keys
        FOR EACH ROW EXECUTE FUNCTION ${s}.privacy_keys_stay_destroyed();
    `,
  },
];

const ALG = 'A256GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

interface KeyRow {
  wrapped_key: Uint8Array | null;
  destroyed_at: Date | string | null;
}

interface DestroyedRow {
  destroyed_at: Date | string;
  destroyed_reason: string;
}

interface CachedKey {
  readonly key: KeyObject;
  readonly until: number;
}

/**
 * One random data key per subject, stored only wrapped by the master key. Destroying a subject's key makes
 * every value sealed for that subject unreadable (crypto-shredding), while the events that carry them stay.
 */
export class KeyVault {
  private readonly table: string;
  private readonly cache = new Map<string, CachedKey>();

  private constructor(
    private readonly sql: SqlClient,
    private readonly masterKey: KeyObject,
    private readonly cacheSize: number,
    private readonly cacheTtlMs: number,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.privacy_keys`;
  }

  static async create(options: KeyVaultOptions): Promise<KeyVault> {
    if (!Buffer.isBuffer(options.masterKey) || options.masterKey.length !== KEY_BYTES) {
      throw new TypeError(`The master key must be ${KEY_BYTES} bytes`);
    }
    const schema = options.schema ?? 'samspar';
    await migrate(options.sql, schema, 'privacy', PRIVACY_MIGRATIONS);
    return new KeyVault(
      options.sql,
      createSecretKey(Buffer.from(options.masterKey)),
      Math.max(0, options.cacheSize ?? 10_000),
      options.cacheTtlMs ?? 60_000,
      schema,
    );
  }

  /** Creates the subject's key unless it has one. Throws `IllegalStateError` when it was destroyed. */
  async ensureKey(subjectId: string): Promise<void> {
    await this.liveKey(normaliseSubject(subjectId));
  }

  async encrypt(subjectId: string, value: unknown): Promise<SealedValue> {
    const kid = normaliseSubject(subjectId);
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('Only JSON values can be sealed');
    const key = await this.liveKey(kid);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(kid, 'utf8'));
    const ct = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    return {
      alg: ALG,
      kid,
      iv: iv.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
      ct: ct.toString('base64url'),
    };
  }

  /** Never throws for a destroyed key: that is `erased`. Throws `SealedValueError` or `MasterKeyError`. */
  async decrypt<T = unknown>(sealed: SealedValue): Promise<Unsealed<T>> {
    const { kid, iv, tag, ct } = readSealed(sealed);
    const key = await this.storedKey(kid.toLowerCase());
    if (key === 'destroyed') return { status: 'erased' };
    if (key === 'missing') throw new SealedValueError('unknown-subject', `No key was ever made for subject ${kid}`);

    let json: string;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
        .setAAD(Buffer.from(kid, 'utf8'))
        .setAuthTag(tag);
      json = Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedValueError('tampered', `A value sealed for subject ${kid} failed its integrity check`);
    }
    return { status: 'ok', value: JSON.parse(json) as T };
  }

  /**
   * Gallring: forgets the subject's key for good. Idempotent; the first call's time and reason are kept.
   * A subject that never had a key is recorded as destroyed too, so that none is made for it later.
   */
  async destroyKey(subjectId: string, reason: string): Promise<KeyDestruction> {
    const id = normaliseSubject(subjectId);
    if (typeof reason !== 'string' || reason.trim() === '') throw new TypeError('Say why the key is destroyed');
    this.cache.delete(id);
    const [destroyed] = await this.sql.query<DestroyedRow>(
      `INSERT INTO ${this.table} AS k (subject_id, wrapped_key, destroyed_at, destroyed_reason)
       VALUES ($1, NULL, now(), $2)
       ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = now(), destroyed_reason = $2
         WHERE k.destroyed_at IS NULL
       RETURNING destroyed_at, destroyed_reason`,
      [id, reason],
    );
    // Nothing changed: it was destroyed before. A statement of its own, so that it sees a concurrent destroyer's row.
    const [row] = destroyed
      ? [destroyed]
      : await this.sql.query<DestroyedRow>(
          `SELECT destroyed_at, destroyed_reason FROM ${this.table} WHERE subject_id = $1 AND destroyed_at IS NOT NULL`,
          [id],
        );
    if (!row) throw new Error(`Could not record the destruction of the key of subject ${id}`);
    // Dropped again: an encrypt that was loading the key while the row changed may have cached it.
    this.cache.delete(id);
    return {
      subjectId: id,
      destroyedAt: new Date(row.destroyed_at).toISOString(),
      reason: row.destroyed_reason,
      alreadyDestroyed: !destroyed,
    };
  }

  async isDestroyed(subjectId: string): Promise<boolean> {
    const [row] = await this.sql.query<{ destroyed: boolean }>(
      `SELECT destroyed_at IS NOT NULL AS destroyed FROM ${this.table} WHERE subject_id = $1`,
      [normaliseSubject(subjectId)],
    );
    return row?.destroyed ?? false;
  }

  private async liveKey(id: string): Promise<KeyObject> {
    const stored = await this.storedKey(id);
    if (stored === 'destroyed') {
      throw new IllegalStateError('personal-data-erased', `The personal data of subject ${id} has been erased`);
    }
    if (stored !== 'missing') return stored;

    const dataKey = randomBytes(KEY_BYTES);
    const inserted = await this.sql.query(
      `INSERT INTO ${this.table} (subject_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (subject_id) DO NOTHING
       RETURNING subject_id`,
      [id, this.wrap(id, dataKey)],
    );
    if (inserted.length === 0) {
      // Another writer made (or destroyed) it first; theirs is the one that counts.
      dataKey.fill(0);
      return this.liveKey(id);
    }
    const key = createSecretKey(dataKey);
    dataKey.fill(0);
    this.remember(id, key);
    return key;
  }

  private async storedKey(id: string): Promise<KeyObject | 'destroyed' | 'missing'> {
    const cached = this.cache.get(id);
    if (cached && cached.until > Date.now()) {
      // Re-inserting moves it to the young end of the Map's order, which is what eviction reads.
      this.cache.delete(id);
      this.cache.set(id, cached);
      return cached.key;
    }
    this.cache.delete(id);

    const [row] = await this.sql.query<KeyRow>(`SELECT wrapped_key, destroyed_at FROM ${this.table} WHERE subject_id = $1`, [id]);
    if (!row) return 'missing';
    if (row.destroyed_at !== null || row.wrapped_key === null) return 'destroyed';
    const key = this.unwrap(id, Buffer.from(row.wrapped_key));
    this.remember(id, key);
    return key;
  }

  private remember(id: string, key: KeyObject): void {
    if (this.cacheSize === 0) return;
    this.cache.set(id, { key, until: Date.now() + this.cacheTtlMs });
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  // The subject id is bound into the wrapping too, so a wrapped key copied to another row does not open.
  private wrap(id: string, dataKey: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv).setAAD(wrapAad(id));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ct]);
  }

  private unwrap(id: string, wrapped: Buffer): KeyObject {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      })
        .setAAD(wrapAad(id))
        .setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const dataKey = Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      if (dataKey.length !== KEY_BYTES) throw new Error('wrong key length');
      const key = createSecretKey(dataKey);
      dataKey.fill(0);
      return key;
    } catch {
      throw new MasterKeyError(id);
    }
  }
}

const wrapAad = (id: string): Buffer => Buffer.from(`samspar-privacy-key:${id}`, 'utf8');

function normaliseSubject(subjectId: string): string {
  if (!isUuid(subjectId)) throw new TypeError(`A subject id is a UUID, not ${JSON.stringify(subjectId)}`);
  return subjectId.toLowerCase();
}

function readSealed(sealed: unknown): { kid: string; iv: Buffer; tag: Buffer; ct: Buffer } {
  const malformed = (why: string): never => {
    throw new SealedValueError('malformed', `Not a sealed value: ${why}`);
  };
  if (typeof sealed !== 'object' || sealed === null) return malformed('not an object');
  const { alg, kid, iv, tag, ct } = sealed as Record<string, unknown>;
  if (alg !== ALG) return malformed(`alg is not ${ALG}`);
  if (!isUuid(kid)) return malformed('kid is not a subject id');
  const bytes = (name: string, text: unknown, length?: number): Buffer => {
    if (typeof text !== 'string' || !BASE64URL.test(text)) return malformed(`${name} is not base64url`);
    const buffer = Buffer.from(text, 'base64url');
    if (length !== undefined && buffer.length !== length) return malformed(`${name} is not ${length} bytes`);
    return buffer;
  };
  // The kid stays as written for the additional data: a changed spelling is a changed value.
  return { kid, iv: bytes('iv', iv, IV_BYTES), tag: bytes('tag', tag, TAG_BYTES), ct: bytes('ct', ct) };
}
