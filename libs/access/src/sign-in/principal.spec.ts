import { Principal, claimsOf, principalFromClaims } from './principal';
import { UnauthenticatedError } from './sign-in.errors';

const ORG_A = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';
const ORG_B = '9b2d4e6f-1a3c-4e5b-8d7f-0c2e4a6b8d10';

function refusal(claims: Record<string, unknown>): UnauthenticatedError {
  try {
    principalFromClaims(claims);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return error;
    throw error;
  }
  throw new Error(`Expected ${JSON.stringify(claims)} to be refused`);
}

describe('Mapping token claims to a principal', () => {
  describe('When a caseworker token carries every claim', () => {
    it('names the user, role, organisations, unit and permissions', () => {
      expect(
        principalFromClaims({
          sub: 'anna.berg',
          role: 'caseworker',
          organisations: [ORG_A, ORG_B],
          unit: 'arbetsmarknadsenheten',
          permissions: ['protected_identity'],
          iss: 'https://login.example.se',
          exp: 1_900_000_000,
        }),
      ).toEqual<Principal>({
        userId: 'anna.berg',
        role: 'caseworker',
        organisationIds: [ORG_A, ORG_B],
        unitId: 'arbetsmarknadsenheten',
        permissions: ['protected_identity'],
      });
    });
  });

  describe('When the token carries a name claim', () => {
    const base = { sub: 'anna.berg', role: 'caseworker', organisations: [ORG_A] };

    it('keeps it trimmed as the display name, and gives it back as name', () => {
      const principal = principalFromClaims({ ...base, name: '  Anna Berg ' });
      expect(principal.displayName).toBe('Anna Berg');
      expect(claimsOf(principal)).toMatchObject({ name: 'Anna Berg' });
    });

    it('signs in without a display name when the name is blank or not text, so that lists show the id', () => {
      for (const name of ['   ', 42, ['Anna']]) expect(principalFromClaims({ ...base, name })).not.toHaveProperty('displayName');
    });
  });

  describe('When the identity provider sends one organisation as org', () => {
    it('accepts it as the only organisation', () => {
      expect(principalFromClaims({ sub: 'u1', role: 'manager', org: ORG_A }).organisationIds).toEqual([ORG_A]);
    });

    it('merges it with organisations, once each, in lower case', () => {
      const principal = principalFromClaims({
        sub: 'u1',
        role: 'manager',
        org: ORG_A.toUpperCase(),
        organisations: [ORG_A, ORG_B],
      });
      expect(principal.organisationIds).toEqual([ORG_A, ORG_B]);
    });
  });

  describe('When optional claims are absent', () => {
    it('gives no unit and no permissions', () => {
      const principal = principalFromClaims({ sub: 'u1', role: 'caseworker', organisations: [ORG_A] });
      expect(principal).toEqual({ userId: 'u1', role: 'caseworker', organisationIds: [ORG_A], permissions: [] });
      expect(principal).not.toHaveProperty('unitId');
    });

    it('refuses an evaluator without an organisation, whose export would otherwise cover everyone', () => {
      expect(() => principalFromClaims({ sub: 'u1', role: 'evaluator' })).toThrow(/gives an evaluator no organisation/);
    });

    it('refuses an admin without an organisation unless it is a system admin', () => {
      expect(() => principalFromClaims({ sub: 'u1', role: 'admin' })).toThrow(/administers nothing/);
      const system = principalFromClaims({ sub: 'u1', role: 'admin', permissions: ['system_admin'] });
      expect(system).toEqual({ userId: 'u1', role: 'admin', organisationIds: [], permissions: ['system_admin'] });
    });
  });

  describe('When the token grants permissions Samspår does not know', () => {
    it('keeps only the known ones', () => {
      const principal = principalFromClaims({
        sub: 'u1',
        role: 'caseworker',
        org: ORG_A,
        permissions: ['protected_identity', 'launch_rockets', 'protected_identity'],
      });
      expect(principal.permissions).toEqual(['protected_identity']);
    });
  });

  describe.each([
    ['no sub', { role: 'caseworker', org: ORG_A }, /sub claim/],
    ['an empty sub', { sub: '  ', role: 'caseworker', org: ORG_A }, /sub claim/],
    ['a numeric sub', { sub: 42, role: 'caseworker', org: ORG_A }, /sub claim/],
    ['no role', { sub: 'u1', org: ORG_A }, /role claim must be one of caseworker, manager, evaluator, admin/],
    ['an unknown role', { sub: 'u1', role: 'superuser', org: ORG_A }, /role claim/],
    ['a role in another case', { sub: 'u1', role: 'Caseworker', org: ORG_A }, /role claim/],
    ['organisations that are not uuids', { sub: 'u1', role: 'caseworker', organisations: ['Kommunen'] }, /organisations claim/],
    ['organisations as one string', { sub: 'u1', role: 'caseworker', organisations: ORG_A }, /organisations claim/],
    ['an org that is not a uuid', { sub: 'u1', role: 'caseworker', org: 'kommunen' }, /org claim/],
    ['a caseworker with no organisation', { sub: 'u1', role: 'caseworker' }, /caseworker no organisation/],
    ['a manager with an empty list', { sub: 'u1', role: 'manager', organisations: [] }, /manager no organisation/],
    ['a unit that is not a string', { sub: 'u1', role: 'caseworker', org: ORG_A, unit: 7 }, /unit claim/],
    [
      'permissions as one string',
      { sub: 'u1', role: 'caseworker', org: ORG_A, permissions: 'protected_identity' },
      /permissions claim/,
    ],
  ])('When the token has %s', (_case, claims, detail) => {
    it('refuses it as an invalid token, naming the claim', () => {
      const error = refusal(claims);
      expect(error.reason).toBe('invalid_token');
      expect(error.message).toMatch(detail);
    });
  });

  describe('When a principal is written as claims', () => {
    it('reads back as the same principal', () => {
      const principals: Principal[] = [
        {
          userId: 'u1',
          role: 'caseworker',
          organisationIds: [ORG_A, ORG_B],
          unitId: 'enhet-1',
          permissions: ['protected_identity'],
        },
        { userId: 'u2', role: 'evaluator', organisationIds: [ORG_B], permissions: [] },
        { userId: 'u3', role: 'admin', organisationIds: [], permissions: ['system_admin'] },
      ];
      for (const principal of principals) expect(principalFromClaims(claimsOf(principal))).toEqual(principal);
    });
  });
});
