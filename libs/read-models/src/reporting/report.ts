import { HttpStatus } from '@nestjs/common';
import accepts from 'accepts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProblemException } from '@samspar/platform';
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

const REPORT_TYPES = ['application/json', 'text/csv'];

/**
 * JSON or CSV, as the client's Accept prefers (quality values honoured; no Accept means JSON). A client that
 * accepts neither gets 406 rather than a body it said it cannot read.
 */
export function reportFormat(request: IncomingMessage): 'json' | 'csv' {
  if (!request.headers.accept) return 'json';
  const type = accepts(request).type(REPORT_TYPES);
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json') return 'json';
  throw new ProblemException(
    HttpStatus.NOT_ACCEPTABLE,
    'not-acceptable',
    `Reports are served as application/json or text/csv, not ${request.headers.accept}`,
    'Accept',
  );
}

/** Answers JSON, or CSV in the format reportFormat chose before the work began. */
export function respond(response: ServerResponse, report: Report, format: 'json' | 'csv'): Report | string {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Vary', 'Accept');
  if (report.position) response.setHeader('X-Read-Model-Position', report.position);
  if (format === 'json') return report;
  response.setHeader('Content-Type', 'text/csv; charset=utf-8');
  response.setHeader('Content-Disposition', `attachment; filename="${report.report}-${report.asOf.slice(0, 10)}.csv"`);
  return toCsv(report.columns, report.rows);
}
