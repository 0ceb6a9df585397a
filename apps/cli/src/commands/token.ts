import {
  DevSigningKeyError,
  PERMISSIONS,
  Principal,
  ROLES,
  isPermission,
  isRole,
  loadOrCreateDevSigningKey,
  signDevToken,
} from '@samspar/access';
import type { Permission } from '@samspar/access';
import { isUuid } from '@samspar/kernel';
import type { AppConfig } from '@samspar/platform';
import { Command, UsageError, parseCommandArguments, quote } from '../support';

export interface TokenRequest {
  readonly principal: Principal;
  readonly ttlSeconds: number;
}

const DEFAULT_TTL = '8h';
const MAX_TTL_SECONDS = 30 * 24 * 3600;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const EXAMPLE_ORG = '3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44';

export const TOKEN_HELP = `samspar token: a development sign-in token, signed with DATA_DIR/dev-signing-key.json (made if absent)

The api accepts it while AUTH_JWKS_URL is unset (with NODE_ENV=production only if AUTH_DEVELOPMENT_SIGN_IN=true). The token goes to stdout
alone, so that $(npm run --silent token -- ...) captures it; a note that the key was made goes to stderr.

Usage:
  samspar token --role ROLE [--org UUID]... [--user ID] [--unit ID] [--permission P] [--ttl 8h]

Options:
  --role caseworker|manager|evaluator|admin   (required)
  --org UUID                  an organisation the user acts for; repeat for more (required for caseworker
                              and manager)
  --user ID                   the user id (sub); default dev-<role>
  --unit ID                   the unit within the organisation
  --permission protected_identity   may see participants with skyddade personuppgifter
  --ttl 8h                    lifetime: a number and s, m, h or d, at most 30d; default ${DEFAULT_TTL}

Examples:
  npm run token -- --role caseworker --org ${EXAMPLE_ORG}
  curl -H "Authorization: Bearer $(npm run --silent token -- --role manager --org <uuid>)" localhost:3000/...
`;

/** `--role caseworker --org <uuid> [--org <uuid>] [--user <id>] [--unit <id>] [--permission protected_identity] [--ttl 8h]` */
export function parseTokenArguments(args: readonly string[]): TokenRequest {
  const { values } = parseCommandArguments(
    args,
    {
      command: 'token',
      takes: 'it takes --role, --org, --user, --unit, --permission and --ttl',
      example: `token --role caseworker --org ${EXAMPLE_ORG}`,
    },
    {
      options: {
        role: { type: 'string' },
        org: { type: 'string', multiple: true },
        user: { type: 'string' },
        unit: { type: 'string' },
        permission: { type: 'string', multiple: true },
        ttl: { type: 'string' },
      },
    },
  );

  const role = values.role;
  if (role === undefined) {
    throw new UsageError(`token: --role is missing; pass --role with one of ${ROLES.join(', ')}.`);
  }
  if (!isRole(role)) throw new UsageError(`token: --role ${quote(role)} is not a role; use one of ${ROLES.join(', ')}.`);

  const organisationIds = values.org ?? [];
  for (const org of organisationIds) {
    if (!isUuid(org)) {
      throw new UsageError(`token: --org ${quote(org)} is not a uuid; pass the organisation's id, such as --org ${EXAMPLE_ORG}.`);
    }
  }
  if (organisationIds.length === 0 && (role === 'caseworker' || role === 'manager')) {
    throw new UsageError(`token: a ${role} acts for an organisation; add --org with its uuid, such as --org ${EXAMPLE_ORG}.`);
  }

  const permissions: Permission[] = [];
  for (const permission of values.permission ?? []) {
    if (!isPermission(permission)) {
      throw new UsageError(`token: --permission ${quote(permission)} is unknown; use one of ${PERMISSIONS.join(', ')}.`);
    }
    permissions.push(permission);
  }

  const userId = values.user ?? `dev-${role}`;
  if (userId.trim() === '') throw new UsageError('token: --user is empty; pass a user id, such as --user anna.berg.');
  if (values.unit !== undefined && values.unit.trim() === '') {
    throw new UsageError('token: --unit is empty; pass a unit id, or leave --unit out.');
  }

  return {
    principal: {
      userId,
      role,
      organisationIds: [...new Set(organisationIds.map((id) => id.toLowerCase()))],
      ...(values.unit !== undefined ? { unitId: values.unit } : {}),
      permissions: [...new Set(permissions)],
    },
    ttlSeconds: parseTtl(values.ttl ?? DEFAULT_TTL),
  };
}

/** Signs with `<DATA_DIR>/dev-signing-key.json`, the key the api trusts when no identity provider is set. */
export async function mintDevelopmentToken(
  args: readonly string[],
  config: AppConfig,
  now: Date = new Date(),
): Promise<{ token: string; keyFile: string; keyCreated: boolean }> {
  const request = parseTokenArguments(args);
  if (config.auth) {
    throw new UsageError(
      'token: AUTH_JWKS_URL is set, so the api trusts your identity provider and not the development key; get a token from the identity provider, or unset AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE.',
    );
  }
  const key = await loadOrCreateDevSigningKey(config.dataDir).catch((error: unknown) => {
    throw error instanceof DevSigningKeyError ? new UsageError(`token: ${error.message}`) : error;
  });
  const token = await signDevToken(key, request.principal, { ttlSeconds: request.ttlSeconds, now });
  return { token, keyFile: key.path, keyCreated: key.created };
}

function parseTtl(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : NaN;
  if (seconds >= 1 && seconds <= MAX_TTL_SECONDS) return seconds;
  throw new UsageError(
    `token: --ttl ${quote(text)} is not a lifetime from 1s to 30d; write a number and s, m, h or d, such as --ttl 8h.`,
  );
}

export const tokenCommand: Command = {
  name: 'token',
  help: TOKEN_HELP,
  run: async (args, config) => {
    const { token, keyFile, keyCreated } = await mintDevelopmentToken(args, config);
    return { output: `${token}\n`, ...(keyCreated ? { notice: `made the development signing key ${keyFile}` } : {}) };
  },
};
