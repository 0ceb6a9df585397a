import { randomBytes } from 'node:crypto';
import { LookupHasher } from './lookup-hash';

describe('LookupHasher', () => {
  const hasher = new LookupHasher(Buffer.alloc(32, 0x0b));

  it('gives HMAC-SHA256 of the normalised number, as hex', () => {
    // Worked out apart from Samspår (Python's hmac module).
    expect(hasher.hash('199001012385')).toBe('99a27f7108cc7cda8e9591a793dd21a9c33d5e319ad20cf5501c43887a938cf0');
  });

  it('finds the same person again and tells two people apart', () => {
    expect(hasher.hash('199001012385')).toBe(new LookupHasher(Buffer.alloc(32, 0x0b)).hash('199001012385'));
    expect(hasher.hash('199001012385')).not.toBe(hasher.hash('199001612382'));
  });

  it('gives other hashes under another key, so a leaked table alone cannot be matched', () => {
    expect(new LookupHasher(randomBytes(32)).hash('199001012385')).not.toBe(hasher.hash('199001012385'));
  });

  it('refuses a number that is not normalised, which would miss the duplicate', () => {
    expect(() => hasher.hash('19900101-2385')).toThrow(TypeError);
    expect(() => hasher.hash('9001012385')).toThrow(TypeError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new LookupHasher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
