import type { JourneysApi } from '@samspar/journeys/testing';
import { EXACT, PUBLISHED } from '../reporting/disclosure';
import type { Disclosure } from '../reporting/disclosure';
import type { Report } from '../reporting/report';
import type { ReportFilters } from '../reporting/report-filters';
import { ReadModels } from '../runner/read-models.service';
import type { ReportTables } from '../runner/read-models.service';

/** A report query as the controllers call it, with the disclosure rule to apply. */
export type ReportQuery = (
  sql: ReadModels['sql'],
  tables: ReportTables,
  filters: ReportFilters,
  now: Date,
  disclosure: Disclosure,
) => Promise<Report>;

/**
 * The documented path for hand-computed figures over HTTP: the answer must be exactly what the query layer
 * publishes for the same read model, filters and instant; the query layer's true figures (EXACT: nothing
 * perturbed, cells under 5 hidden) are returned for the spec to compare with its hand-computed ones.
 */
export async function trueFiguresOf(api: JourneysApi, answer: Report, query: ReportQuery): Promise<Report> {
  const readModels = api.app.get(ReadModels);
  const tables = await readModels.reportTables(answer.position);
  const now = new Date(answer.asOf);
  const published = await query(readModels.sql, tables, answer.filters, now, PUBLISHED);
  if (JSON.stringify(published.rows) !== JSON.stringify(answer.rows)) {
    throw new Error(
      `The answer is not what the query layer publishes:\n${JSON.stringify({ answer: answer.rows, published: published.rows })}`,
    );
  }
  return query(readModels.sql, tables, answer.filters, now, EXACT);
}
