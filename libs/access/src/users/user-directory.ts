import { Migration, SqlClient, assertSchemaName, migrate, quoteIdent } from '@samspar/event-store';
import type { Principal } from '../sign-in/principal';

export const USERS_COMPONENT = 'users';

export const USER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users',
    // Staff names for lists (the token's name claim); never in events, logs or the audit log.
    up: (s) => `
      CREATE TABLE ${s}.users (
        user_id text PRIMARY KEY,
        display_name text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

// Names change rarely: a process writes a user's row once per name, not on every request.
const REMEMBERED = 10_000;

/** Who the user ids in the records are: the name each user last signed in with. */
export class UserDirectory {
  private readonly known = new Map<string, string>();

  private constructor(
    private readonly sql: SqlClient,
    /** The quoted table, for queries that join it. */
    readonly table: string,
  ) {}

  static async open(sql: SqlClient, schema: string): Promise<UserDirectory> {
    assertSchemaName(schema);
    await migrate(sql, schema, USERS_COMPONENT, USER_MIGRATIONS);
    return new UserDirectory(sql, `${quoteIdent(schema)}.users`);
  }

  /** Keeps the signed-in user's name; a token without one changes nothing, so lists fall back to the id. */
  async remember(principal: Principal): Promise<void> {
    const name = principal.displayName;
    if (name === undefined || this.known.get(principal.userId) === name) return;
    await this.sql.query(
      `INSERT INTO ${this.table} (user_id, display_name, seen_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, seen_at = EXCLUDED.seen_at`,
      [principal.userId, name],
    );
    if (this.known.size >= REMEMBERED) this.known.clear();
    this.known.set(principal.userId, name);
  }
}

/** The display name of each user id, the id itself for a user who never signed in with a name. */
export async function displayNames(
  sql: Pick<SqlClient, 'query'>,
  table: string | undefined,
  userIds: readonly (string | null)[],
): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))];
  const names = new Map(ids.map((id) => [id, id]));
  if (table === undefined || ids.length === 0) return names;
  const rows = await sql.query<{ user_id: string; display_name: string }>(
    `SELECT user_id, display_name FROM ${table} WHERE user_id = ANY($1::text[])`,
    [ids],
  );
  for (const row of rows) names.set(row.user_id, row.display_name);
  return names;
}
