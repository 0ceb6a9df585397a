import { canonicalJson, idempotencyKeyOf, idempotencyScope, principalUserIdOf, requestHash } from './idempotency-key';

describe('Idempotency-Key', () => {
  describe('When the header is checked', () => {
    it('is optional', () => {
      expect(idempotencyKeyOf(undefined)).toBeUndefined();
    });

    it('accepts a UUID and any printable key up to 200 characters', () => {
      expect(idempotencyKeyOf('5f0c7a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b')).toBe('5f0c7a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b');
      expect(idempotencyKeyOf('k'.repeat(200))).toHaveLength(200);
      expect(idempotencyKeyOf('åtgärd 7 / spår')).toBe('åtgärd 7 / spår');
    });

    it.each([
      ['an empty key', ''],
      ['a key of 201 characters', 'k'.repeat(201)],
      ['a tab', 'a\tb'],
      ['a line break', 'a\nb'],
      ['DEL', 'a\u007fb'],
      ['the header twice', ['a', 'b']],
    ])('refuses %s with 400 naming the header', (_name, header) => {
      expect(() => idempotencyKeyOf(header)).toThrow(
        expect.objectContaining({ rule: 'invalid-idempotency-key', field: 'Idempotency-Key', status: 400 }),
      );
    });
  });

  describe('When the request is hashed', () => {
    it('ignores the order of keys in the body, at every level', () => {
      expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
        '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
      );
      expect(requestHash('POST', '/p', { a: 1, b: 2 })).toBe(requestHash('post', '/p', { b: 2, a: 1 }));
    });

    it('tells apart the method, the path and the body', () => {
      const hash = requestHash('POST', '/participants/1', { a: 1 });
      expect(requestHash('PUT', '/participants/1', { a: 1 })).not.toBe(hash);
      expect(requestHash('POST', '/participants/2', { a: 1 })).not.toBe(hash);
      expect(requestHash('POST', '/participants/1', { a: 2 })).not.toBe(hash);
      expect(requestHash('POST', '/participants/1', [1, 2])).not.toBe(requestHash('POST', '/participants/1', [2, 1]));
    });
  });

  it('keeps the keys of each caller apart, and an anonymous caller apart from a user named anonymous', () => {
    const scopes = new Set([
      idempotencyScope('u1', 'POST', '/participants'),
      idempotencyScope('u2', 'POST', '/participants'),
      idempotencyScope(undefined, 'POST', '/participants'),
      idempotencyScope('anonymous', 'POST', '/participants'),
      idempotencyScope('u1', 'PUT', '/participants'),
      idempotencyScope('u1', 'POST', '/participants/:id'),
    ]);
    expect(scopes.size).toBe(6);
  });

  it('finds the caller on request.principal by default, and no one when it holds no user id', () => {
    expect(principalUserIdOf({ principal: { userId: 'u1', role: 'caseworker' } })).toBe('u1');
    expect(principalUserIdOf({})).toBeUndefined();
    expect(principalUserIdOf({ principal: { userId: '' } })).toBeUndefined();
    expect(principalUserIdOf({ principal: { userId: 7 } })).toBeUndefined();
  });
});
