import type { SqlClient } from '@samspar/event-store';
import { DEFAULT_PAGE_SIZE, decodeCursor, pageOf } from '../paging/cursor';
import type {
  OrganisationDetailDto,
  OrganisationDto,
  OrganisationListQueryDto,
  OrganisationPageDto,
  TrackDetailDto,
  TrackDto,
  TrackListQueryDto,
  TrackPageDto,
} from './catalogue.dto';

type Sql = Pick<SqlClient, 'query'>;

const iso = (value: Date | string): string => new Date(value).toISOString();
/** A LIKE pattern that matches `text` literally anywhere. */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface OrganisationRow {
  organisation_id: string;
  name: string;
  kind: string;
  municipality_code: string;
  referral_deadline_days: number;
  registered_at: Date | string;
}

const organisationOf = (row: OrganisationRow): OrganisationDto => ({
  organisationId: row.organisation_id,
  name: row.name,
  kind: row.kind,
  municipalityCode: row.municipality_code,
  referralDeadlineDays: row.referral_deadline_days,
  registeredAt: iso(row.registered_at),
});

/** Organisations by name, then id; `s` is the catalogue's quoted schema. */
export async function listOrganisations(sql: Sql, s: string, query: OrganisationListQueryDto): Promise<OrganisationPageDto> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor('organisations', query.cursor, 2);
  const params: unknown[] = [];
  const where = ['true'];
  if (query.name !== undefined) where.push(`name ILIKE $${params.push(containing(query.name))}`);
  if (query.kind !== undefined) where.push(`kind = $${params.push(query.kind)}`);
  if (query.municipality !== undefined) where.push(`municipality_code = $${params.push(query.municipality)}`);
  if (after) where.push(`(name, organisation_id) > ($${params.push(after[0])}::text, $${params.push(after[1])}::uuid)`);
  const rows = await sql.query<OrganisationRow>(
    `SELECT * FROM ${s}.organisations WHERE ${where.join(' AND ')} ORDER BY name, organisation_id LIMIT ${limit + 1}`,
    params,
  );
  return pageOf(rows, limit, 'organisations', (row) => [row.name, row.organisation_id], organisationOf);
}

export async function findOrganisation(sql: Sql, s: string, organisationId: string): Promise<OrganisationDetailDto | undefined> {
  const [row] = await sql.query<OrganisationRow>(`SELECT * FROM ${s}.organisations WHERE organisation_id = $1`, [organisationId]);
  if (!row) return undefined;
  const units = await sql.query<{ unit_id: string; name: string }>(
    `SELECT unit_id, name FROM ${s}.units WHERE organisation_id = $1 ORDER BY name, unit_id`,
    [organisationId],
  );
  return { ...organisationOf(row), units: units.map((unit) => ({ unitId: unit.unit_id, name: unit.name })) };
}

interface TrackRow {
  track_id: string;
  name: string;
  kind: string;
  owner_organisation_id: string;
  employer_organisation_ids: string[];
  occupation: string | null;
  retired: boolean;
  defined_at: Date | string;
}

const trackOf = (row: TrackRow): TrackDto => ({
  trackId: row.track_id,
  name: row.name,
  kind: row.kind,
  ownerOrganisationId: row.owner_organisation_id,
  employerOrganisationIds: row.employer_organisation_ids,
  occupation: row.occupation,
  active: !row.retired,
  definedAt: iso(row.defined_at),
});

/** Tracks by name, then id. */
export async function listTracks(sql: Sql, s: string, query: TrackListQueryDto): Promise<TrackPageDto> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor('tracks', query.cursor, 2);
  const params: unknown[] = [];
  const where = ['true'];
  if (query.ownerOrganisationId !== undefined)
    where.push(`owner_organisation_id = $${params.push(query.ownerOrganisationId.toLowerCase())}::uuid`);
  if (query.kind !== undefined) where.push(`kind = $${params.push(query.kind)}`);
  if (query.active !== undefined) where.push(`retired = $${params.push(!query.active)}`);
  if (after) where.push(`(name, track_id) > ($${params.push(after[0])}::text, $${params.push(after[1])}::uuid)`);
  const rows = await sql.query<TrackRow>(
    `SELECT * FROM ${s}.tracks WHERE ${where.join(' AND ')} ORDER BY name, track_id LIMIT ${limit + 1}`,
    params,
  );
  return pageOf(rows, limit, 'tracks', (row) => [row.name, row.track_id], trackOf);
}

export async function findTrack(sql: Sql, s: string, trackId: string): Promise<TrackDetailDto | undefined> {
  const [row] = await sql.query<TrackRow>(`SELECT * FROM ${s}.tracks WHERE track_id = $1`, [trackId]);
  if (!row) return undefined;
  const revisions = await sql.query<{
    revision: string | number;
    revised_at: Date | string;
    name: string | null;
    employer_organisation_ids: string[] | null;
    occupation: string | null;
  }>(`SELECT * FROM ${s}.track_revisions WHERE track_id = $1 ORDER BY revision`, [trackId]);
  return {
    ...trackOf(row),
    revisions: revisions.map((each) => ({
      revision: Number(each.revision),
      revisedAt: iso(each.revised_at),
      name: each.name,
      employerOrganisationIds: each.employer_organisation_ids,
      occupation: each.occupation,
    })),
  };
}
