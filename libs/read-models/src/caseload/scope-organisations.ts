import type { SqlClient } from '@samspar/event-store';
import type { ReportFilters } from '../reporting/report-filters';
import type { ReportTables } from '../runner/read-models.service';

export interface ScopeOrganisation {
  readonly organisation_id: string;
  readonly name: string;
  readonly kind: string;
}

/**
 * The organisations a report covers, from the catalogue. Reports give each a row even without facts, so that
 * a zero shows as suppressed like any small cell, rather than as a missing row.
 */
export async function scopeOrganisations(
  sql: Pick<SqlClient, 'query'>,
  tables: Pick<ReportTables, 'catalogue'>,
  filters: ReportFilters,
): Promise<ScopeOrganisation[]> {
  const params: unknown[] = [filters.organisationIds];
  const municipality = filters.municipality === undefined ? '' : `AND municipality_code = $${params.push(filters.municipality)}`;
  return sql.query<ScopeOrganisation>(
    `SELECT organisation_id, name, kind FROM ${tables.catalogue}.organisations
     WHERE organisation_id = ANY($1::uuid[]) ${municipality}
     ORDER BY name, organisation_id`,
    params,
  );
}
