import { KeyObject, createHmac, createSecretKey, hkdfSync } from 'node:crypto';

/** HKDF info for the record keys of disclosure control: derived from the lookup key, never used as it is. */
export const RECORD_KEY_INFO = 'samspar-disclosure-record-keys';

/** A record key is an integer in [0, 2^32): the key in [0, 1) is k / 2^32, and sums of them stay exact in SQL. */
export const RECORD_KEY_RANGE = 2 ** 32;

/**
 * Each participant's fixed random record key for the cell key method (reports' disclosure control). Keyed, so
 * that a caller who knows participant ids cannot work out the keys and so the perturbation of a cell; derived,
 * so that every rebuild and every as-of build gives the same keys without storing a secret in the database.
 */
export class RecordKeys {
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('The record-key key must be 32 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  static fromLookupKey(lookupKey: Buffer): RecordKeys {
    if (!Buffer.isBuffer(lookupKey) || lookupKey.length !== 32) throw new TypeError('The lookup key must be 32 bytes');
    return new RecordKeys(Buffer.from(hkdfSync('sha256', lookupKey, Buffer.alloc(0), RECORD_KEY_INFO, 32)));
  }

  /** The first 32 bits of HMAC-SHA256 of the participant id, as an integer in [0, 2^32). */
  recordKey(participantId: string): number {
    if (typeof participantId !== 'string' || participantId.length === 0) throw new TypeError('Give a participant id');
    return createHmac('sha256', this.key).update(participantId, 'utf8').digest().readUInt32BE(0);
  }
}
