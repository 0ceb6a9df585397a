import { KeyObject, createHmac, createSecretKey, hkdfSync } from 'node:crypto';

/** HKDF info for the evaluators' pseudonyms: the key is derived from the lookup key, never used as it is. */
export const EVALUATION_PSEUDONYM_INFO = 'samspar-evaluation-pseudonyms';

/** 128 bits: collisions are negligible for any number of participants a region will have. */
export const PSEUDONYM_HEX_LENGTH = 32;

/**
 * Stable pseudonyms for evaluators: the same id always gives the same pseudonym, which cannot be turned back
 * into the id without the key (a plain hash of a uuid could be checked against any id an evaluator sees elsewhere).
 */
export class Pseudonymiser {
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('The pseudonym key must be 32 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  /**
   * The evaluators' pseudonymiser, keyed by HKDF from the lookup key, so that it needs no configuration of its own
   * and the lookup key itself keys only the personnummer hash.
   */
  static fromLookupKey(lookupKey: Buffer): Pseudonymiser {
    if (!Buffer.isBuffer(lookupKey) || lookupKey.length !== 32) throw new TypeError('The lookup key must be 32 bytes');
    return new Pseudonymiser(Buffer.from(hkdfSync('sha256', lookupKey, Buffer.alloc(0), EVALUATION_PSEUDONYM_INFO, 32)));
  }

  /** The first 128 bits of HMAC-SHA256 of the id, as 32 hex digits. Give the id as it is stored. */
  pseudonym(id: string): string {
    if (typeof id !== 'string' || id.length === 0) throw new TypeError('Give a non-empty id to pseudonymise');
    return createHmac('sha256', this.key).update(id, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_LENGTH);
  }
}
