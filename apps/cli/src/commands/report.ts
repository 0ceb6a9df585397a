import { writeFile } from 'node:fs/promises';
import { parseAsOf } from '@samspar/kernel';
import { quoteIdent } from '@samspar/event-store';
import type { AppConfig } from '@samspar/platform';
import {
  AsOfCache,
  ReadModelRegistry,
  caseloadReport,
  entryProfileReport,
  outcomesReport,
  referralFlowsReport,
  referralInboxReport,
  referralOutboxReport,
  referralsReceivedReport,
  toCsv,
  readModelProjections,
  transitionsReport,
} from '@samspar/read-models';
import { RecordKeys } from '@samspar/privacy';
import type { Report, ReportFilters, ReportTables } from '@samspar/read-models';
import type { SqlClient } from '@samspar/event-store';
import { Command, UsageError, keysForStoredData, parseCommandArguments, withEventStore } from '../support';

type Produce = (sql: SqlClient, tables: ReportTables, filters: ReportFilters, now: Date) => Promise<Report>;

const REPORTS: Readonly<Record<string, Produce>> = {
  outcomes: outcomesReport,
  transitions: transitionsReport,
  'entry-profile': entryProfileReport,
  caseload: (sql, tables, filters, now) => caseloadReport(sql, tables, filters, now, 'organisation'),
  'referral-inbox': referralInboxReport,
  'referral-outbox': referralOutboxReport,
  referrals: referralsReceivedReport,
  'referral-flows': referralFlowsReport,
};

export const REPORT_HELP = `samspar report <name>: any manager report, now or as of a past date, protected as the README says (counts adjusted by at most ±2, small cells suppressed)

Reports: ${Object.keys(REPORTS).join(', ')}

Options:
  --as-of D            the report as it stood then: YYYY-MM-DD (the end of that day in Sweden) or an
                       ISO instant; built from the events recorded and occurred by then, by the same
                       projections as the live read models, so a past date always gives the same figures
  --from YYYY-MM-DD    start of the period (inclusive); default one year before --to
  --to YYYY-MM-DD      end of the period (exclusive); default tomorrow
  --organisation ID    only this organisation; repeat for more (default: every organisation)
  --format json|csv    default json
  --out FILE           write to FILE instead of stdout

Examples:
  npm run cli -- report outcomes --from 2025-01-01 --to 2026-01-01
  npm run cli -- report outcomes --as-of 2025-12-31 --format csv --out outcomes-2025.csv
  npm run cli -- report referrals --organisation 3f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44
`;

export interface ReportRequest {
  readonly name: string;
  readonly asOf?: string;
  readonly from?: string;
  readonly to?: string;
  readonly organisations: readonly string[];
  readonly format: 'json' | 'csv';
  readonly out?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE = 'samspar report outcomes --as-of 2025-12-31';

export function parseReportArguments(args: readonly string[]): ReportRequest {
  const { values, positionals } = parseCommandArguments(
    args,
    { command: 'report', takes: 'samspar report --help lists what it takes', example: EXAMPLE },
    {
      allowPositionals: true,
      options: {
        'as-of': { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        organisation: { type: 'string', multiple: true },
        format: { type: 'string' },
        out: { type: 'string' },
      },
    },
  );
  if (positionals.length !== 1 || !(positionals[0]! in REPORTS)) {
    throw new UsageError(`report: name one report (${Object.keys(REPORTS).join(', ')}), as in: ${EXAMPLE}`);
  }
  for (const option of ['from', 'to'] as const) {
    if (values[option] !== undefined && !DAY.test(values[option]!)) {
      throw new UsageError(`report: --${option} must be a date written YYYY-MM-DD, as in: --${option} 2025-01-01`);
    }
  }
  const organisations = values.organisation ?? [];
  const bad = organisations.find((id) => !UUID.test(id));
  if (bad !== undefined)
    throw new UsageError(`report: --organisation ${JSON.stringify(bad.slice(0, 40))} is not an organisation id (a uuid)`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError('report: --format must be json or csv');
  return {
    name: positionals[0]!,
    ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    organisations: organisations.map((id) => id.toLowerCase()),
    format,
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}

const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** Runs one report on the live read models, or on read models built as of the date. */
export async function runReport(args: readonly string[], config: AppConfig): Promise<string> {
  const request = parseReportArguments(args);
  const now = new Date();
  let asOf: Date | undefined;
  try {
    asOf = request.asOf === undefined ? undefined : parseAsOf(request.asOf, { now, field: '--as-of' });
  } catch (error) {
    throw new UsageError(`report: ${(error as Error).message}, as in: --as-of 2025-12-31`);
  }
  return withEventStore('report', config, async ({ sql, store }) => {
    const registry = new ReadModelRegistry(sql, config.databaseSchema);
    await registry.migrate();
    const at = asOf ?? now;
    let tables: ReportTables;
    let release = async (): Promise<void> => undefined;
    if (asOf) {
      const recordKeys = RecordKeys.fromLookupKey(keysForStoredData('report', config).lookupKey);
      const cache = new AsOfCache(store, sql, config.databaseSchema, readModelProjections(recordKeys));
      const built = await cache.acquire(asOf);
      tables = { journeys: built.tables.schemas['journeys']!, catalogue: built.tables.schemas['catalogue']! };
      release = () => built.tables.drop();
    } else {
      const [journeys, catalogue] = [await registry.active('journeys'), await registry.active('catalogue')];
      if (!journeys || !catalogue) {
        throw new UsageError('report: the read models are not built yet; run samspar rebuild all, or start the api once.');
      }
      tables = { journeys: quoteIdent(journeys.schema), catalogue: quoteIdent(catalogue.schema) };
    }
    try {
      const organisations =
        request.organisations.length > 0
          ? request.organisations
          : (
              await sql.query<{ id: string }>(`SELECT organisation_id AS id FROM ${tables.catalogue}.organisations ORDER BY 1`)
            ).map((row) => row.id);
      const to = request.to ?? isoDay(at.getTime() + 86_400_000);
      const from = request.from ?? isoDay(Date.parse(to) - 365 * 86_400_000);
      if (from >= to) throw new UsageError('report: --from must be before --to');
      const report = await REPORTS[request.name]!(sql, tables, { from, to, organisationIds: organisations }, at);
      const text = request.format === 'csv' ? toCsv(report.columns, report.rows) : `${JSON.stringify(report, null, 2)}\n`;
      if (!request.out) return text;
      await writeFile(request.out, text);
      return `Wrote the ${request.name} report${asOf ? ` as of ${asOf.toISOString()}` : ''} (${report.rows.length} rows) to ${request.out}.\n`;
    } finally {
      await release();
    }
  });
}

export const reportCommand: Command = {
  name: 'report',
  help: REPORT_HELP,
  run: async (args, config) => ({ output: await runReport(args, config) }),
};
