import type { IncomingMessage, ServerResponse } from 'node:http';
import { toCsv } from './csv';
import type { CsvValue } from './csv';
import type { ReportFilters } from './report-filters';

export type ReportValue = CsvValue;
export type ReportRow = Readonly<Record<string, ReportValue>>;

/** Every report is a flat table, so that JSON and CSV say the same thing. */
export interface Report {
  readonly report: string;
  readonly filters: ReportFilters;
  /** The instant the figures describe: now, or the as-of date. */
  readonly asOf: string;
  /** The read model's global position when the report was read. */
  readonly position?: string;
  readonly columns: readonly string[];
  readonly rows: readonly ReportRow[];
}

/** Answers JSON, or CSV when the client accepts text/csv (and not JSON first). */
export function respond(request: IncomingMessage, response: ServerResponse, report: Report): Report | string {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Vary', 'Accept');
  if (report.position) response.setHeader('X-Read-Model-Position', report.position);
  if (!prefersCsv(request.headers.accept)) return report;
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${report.report}-${report.asOf.slice(0, 10)}.csv"`);
  return toCsv(report.columns, report.rows);
}

function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = accept.indexOf('text/csv');
  if (csv < 0) return false;
  const json = accept.indexOf('application/json');
  return json < 0 || csv < json;
}
