import { randomBytes, randomUUID } from 'node:crypto';
import { RECORD_KEY_RANGE, RecordKeys } from './record-keys';

describe('RecordKeys', () => {
  const lookupKey = randomBytes(32);

  it('gives a participant the same key every time, and another deployment another key', () => {
    const id = randomUUID();
    const keys = RecordKeys.fromLookupKey(lookupKey);
    expect(RecordKeys.fromLookupKey(Buffer.from(lookupKey)).recordKey(id)).toBe(keys.recordKey(id));
    expect(RecordKeys.fromLookupKey(randomBytes(32)).recordKey(id)).not.toBe(keys.recordKey(id));
  });

  it('spreads keys evenly over [0, 2^32)', () => {
    const keys = RecordKeys.fromLookupKey(lookupKey);
    const quarters = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) {
      const key = keys.recordKey(randomUUID());
      expect(Number.isInteger(key) && key >= 0 && key < RECORD_KEY_RANGE).toBe(true);
      quarters[Math.floor((key / RECORD_KEY_RANGE) * 4)]! += 1;
    }
    // 1000 expected per quarter; 850 is more than 5 standard deviations off.
    for (const quarter of quarters) expect(quarter).toBeGreaterThan(850);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => RecordKeys.fromLookupKey(randomBytes(16))).toThrow(TypeError);
  });
});
