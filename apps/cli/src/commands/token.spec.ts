import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVerifier, loadOrCreateDevSigningKey } from '@samspar/access';
import { loadConfig } from '@samspar/platform';
import { usageErrorOf } from '../support/testing';
import { mintDevelopmentToken, parseTokenArguments } from './token';

const ORG_A = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';
const ORG_B = '9b2d4e6f-1a3c-4e5b-8d7f-0c2e4a6b8d10';

const usageError = (args: readonly string[]) => usageErrorOf(() => parseTokenArguments(args), args.join(' '));

describe('The token command', () => {
  describe('When given a role and organisations', () => {
    it('builds the principal with defaults for the rest', () => {
      expect(parseTokenArguments(['--role', 'caseworker', '--org', ORG_A, '--org', ORG_B])).toEqual({
        principal: { userId: 'dev-caseworker', role: 'caseworker', organisationIds: [ORG_A, ORG_B], permissions: [] },
        ttlSeconds: 8 * 3600,
      });
    });

    it('takes user, unit, permission and ttl', () => {
      expect(
        parseTokenArguments([
          '--role=caseworker',
          `--org=${ORG_A}`,
          '--user',
          'anna.berg',
          '--unit',
          'enhet-1',
          '--permission',
          'protected_identity',
          '--ttl',
          '15m',
        ]),
      ).toEqual({
        principal: {
          userId: 'anna.berg',
          role: 'caseworker',
          organisationIds: [ORG_A],
          unitId: 'enhet-1',
          permissions: ['protected_identity'],
        },
        ttlSeconds: 900,
      });
    });

    it('lets an evaluator go without an organisation', () => {
      expect(parseTokenArguments(['--role', 'evaluator']).principal.organisationIds).toEqual([]);
    });
  });

  describe.each([
    ['no role', ['--org', ORG_A], /--role is missing/],
    ['an unknown role', ['--role', 'boss', '--org', ORG_A], /caseworker, manager, evaluator, admin/],
    ['an org that is not a uuid', ['--role', 'caseworker', '--org', 'kommunen'], /"kommunen" is not a uuid/],
    ['a caseworker without an org', ['--role', 'caseworker'], /add --org/],
    ['an unknown permission', ['--role', 'caseworker', '--org', ORG_A, '--permission', 'root'], /protected_identity/],
    ['a ttl without a unit', ['--role', 'admin', '--ttl', '8'], /such as --ttl 8h/],
    ['a ttl over 30 days', ['--role', 'admin', '--ttl', '31d'], /1s to 30d/],
    ['an unknown option', ['--role', 'admin', '--organisation', ORG_A], /--organisation.*it takes --role, --org/],
    ['a stray word', ['caseworker'], /it takes --role/],
    ['an option without its value', ['--role'], /--role/],
  ])('When given %s', (_case, args, fix) => {
    it('refuses with one line that says how to fix it', () => {
      const error = usageError(args);
      expect(error.message).toMatch(fix);
      expect(error.message).not.toContain('\n');
    });
  });

  describe('When it mints a token', () => {
    let dataDir: string;

    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'samspar-token-'));
    });

    afterEach(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('signs with the key in DATA_DIR, which the api in development mode accepts', async () => {
      const minted = await mintDevelopmentToken(
        ['--role', 'manager', '--org', ORG_A, '--ttl', '1h'],
        loadConfig({ DATA_DIR: dataDir }),
      );
      expect(minted.keyCreated).toBe(true);
      const verifier = TokenVerifier.forDevelopmentKey(await loadOrCreateDevSigningKey(dataDir));
      await expect(verifier.verify(minted.token)).resolves.toEqual({
        userId: 'dev-manager',
        role: 'manager',
        organisationIds: [ORG_A],
        permissions: [],
      });
    });

    it('refuses when the api trusts an identity provider instead', async () => {
      const config = loadConfig({
        DATA_DIR: dataDir,
        AUTH_JWKS_URL: 'https://login.example.se/jwks',
        AUTH_ISSUER: 'https://login.example.se',
        AUTH_AUDIENCE: 'samspar-api',
      });
      await expect(mintDevelopmentToken(['--role', 'admin'], config)).rejects.toThrow(/AUTH_JWKS_URL is set/);
    });
  });
});
