import { KeyObject, createHmac, createSecretKey } from 'node:crypto';

/**
 * Finds a participant, or a duplicate, by personnummer without storing the number: a keyed hash cannot be
 * reversed by trying every possible personnummer unless the key leaks too.
 */
export class LookupHasher {
  private readonly key: KeyObject;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== 32) throw new TypeError('The lookup key must be 32 bytes');
    this.key = createSecretKey(Buffer.from(key));
  }

  /** HMAC-SHA256 as 64 hex digits. Takes only the normalised 12 digits, so that every spelling finds the same person. */
  hash(normalisedPersonnummer: string): string {
    if (!/^\d{12}$/.test(normalisedPersonnummer)) {
      throw new TypeError('Hash the normalised 12-digit personnummer (parsePersonnummer(...).value)');
    }
    return createHmac('sha256', this.key).update(normalisedPersonnummer, 'utf8').digest('hex');
  }
}
