import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { LookupHasher } from './lookup-hash';
import { PSEUDONYM_HEX_LENGTH, Pseudonymiser } from './pseudonym';

describe('Pseudonymiser', () => {
  const key = randomBytes(32);

  it('gives the first 128 bits of HMAC-SHA256 of the id, as 32 hex digits', () => {
    const id = randomUUID();
    const expected = createHmac('sha256', key).update(id).digest('hex').slice(0, 32);
    expect(new Pseudonymiser(key).pseudonym(id)).toBe(expected);
    expect(PSEUDONYM_HEX_LENGTH).toBe(32);
  });

  it('gives the same pseudonym for the same id and key, and another for another key', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const pseudonym = new Pseudonymiser(key).pseudonym(id);
        expect(pseudonym).toMatch(/^[0-9a-f]{32}$/);
        expect(new Pseudonymiser(Buffer.from(key)).pseudonym(id)).toBe(pseudonym);
        expect(new Pseudonymiser(randomBytes(32)).pseudonym(id)).not.toBe(pseudonym);
        expect(pseudonym).not.toContain(id.replace(/-/g, '').slice(0, 8));
      }),
    );
  });

  it('gives distinct pseudonyms to distinct ids', () => {
    const pseudonymiser = new Pseudonymiser(key);
    const ids = Array.from({ length: 2_000 }, () => randomUUID());
    expect(new Set(ids.map((id) => pseudonymiser.pseudonym(id))).size).toBe(ids.length);
  });

  it('refuses a key that is not 32 bytes, and an empty id', () => {
    expect(() => new Pseudonymiser(randomBytes(16))).toThrow(TypeError);
    expect(() => new Pseudonymiser(key).pseudonym('')).toThrow(TypeError);
  });

  describe('When derived from the lookup key', () => {
    it('is stable for the same lookup key and differs from a pseudonymiser keyed by the lookup key itself', () => {
      const lookupKey = randomBytes(32);
      const id = randomUUID();
      const derived = Pseudonymiser.fromLookupKey(lookupKey).pseudonym(id);
      expect(Pseudonymiser.fromLookupKey(Buffer.from(lookupKey)).pseudonym(id)).toBe(derived);
      expect(new Pseudonymiser(lookupKey).pseudonym(id)).not.toBe(derived);
      expect(Pseudonymiser.fromLookupKey(randomBytes(32)).pseudonym(id)).not.toBe(derived);
    });

    it('never equals the start of the personnummer lookup hash under the same key', () => {
      const lookupKey = randomBytes(32);
      const personnummer = '197911234574';
      expect(Pseudonymiser.fromLookupKey(lookupKey).pseudonym(personnummer)).not.toBe(
        new LookupHasher(lookupKey).hash(personnummer).slice(0, 32),
      );
    });
  });
});
