import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Details,
  Field,
  Heading,
  Input,
  Label,
  Link,
  Paragraph,
  Select,
  Table,
} from '@digdir/designsystemet-react';
import type { ApiProblem } from '../../api/client';
import type { Cell } from '../../api/views';
import { useOrganisations, useTracks } from '../../api/organisations';
import { formatDate, formatNumber, today } from '../../i18n';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ProblemSummary } from '../../components/ProblemSummary';
import { ReportCell } from '../../components/ReportCell';
import { NotFoundPage } from '../NotFoundPage';
import { CHOICES, FILTERS, REPORTS, kindOf } from './reports';
import type { Filter, ReportAnswer, ReportDefinition } from './reports';
import type { ChartRow } from '../outcomeChart';

type Draw = (typeof import('../outcomeChart'))['drawOutcomeChart'];
let chartCode: Promise<Draw> | undefined;
/**
 * The chart's code (Observable Plot) as its own chunk, asked for when the outcome report opens so that it arrives
 * while the figures are read. Not React.lazy: a Suspense fallback, once shown, stays at least 300 ms.
 */
const loadChart = (): Promise<Draw> => (chartCode ??= import('../outcomeChart').then((module) => module.drawOutcomeChart));

/** The chart, drawn once its code is here; a spinner until then. */
function OutcomeChart({ rows, label }: { readonly rows: readonly ChartRow[]; readonly label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let undraw: (() => void) | undefined;
    let mounted = true;
    void loadChart().then((draw) => {
      if (!mounted || !ref.current) return;
      undraw = draw(ref.current, rows, label);
      setDrawn(true);
    });
    return () => {
      mounted = false;
      undraw?.();
    };
  }, [rows, label]);
  return (
    <>
      {!drawn && <Loading />}
      <div ref={ref} className="chart" />
    </>
  );
}

const yearAgo = (): string => {
  const date = new Date(`${today()}T12:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() - 1);
  return date.toISOString().slice(0, 10);
};

const dayAfter = (day: string): string => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The end of a chosen day, or now for today (the api refuses a future instant). */
const endOf = (day: string): string => new Date(Math.min(Date.parse(`${day}T23:59:59`), Date.now())).toISOString();

export function ReportPage() {
  const { report: slug = '' } = useParams();
  const report = REPORTS.find((each) => each.slug === slug);
  if (!report) return <NotFoundPage />;
  return <Report key={report.slug} report={report} />;
}

/** One report: filters and breakdowns kept in the URL, a date to read it as of, the table, and the same as CSV. */
function Report({ report }: { readonly report: ReportDefinition }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (report.chart) void loadChart();
  }, [report.chart]);
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => {
    const chosen: Partial<Record<Filter, string>> = { from: yearAgo(), to: today() };
    for (const filter of FILTERS) {
      const value = search.get(filter);
      if (value) chosen[filter] = value;
    }
    if (!report.groupBy) delete chosen.groupBy;
    return chosen;
  }, [search, report.groupBy]);
  const [form, setForm] = useState(filters);
  const query = useMemo(() => {
    const { asOf, to, ...rest } = filters;
    // The form's last day is included; the api's `to` is the first day after the period.
    return { ...(rest as Record<string, string>), ...(to ? { to: dayAfter(to) } : {}), ...(asOf ? { asOf: endOf(asOf) } : {}) };
  }, [filters]);
  const answer = useQuery({
    queryKey: ['report', report.key, query],
    queryFn: async () => (await report.read({ query })).data as ReportAnswer,
  });
  const [download, setDownload] = useState<ApiProblem | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value) next.set(key, value);
    setSearch(next);
  };

  async function downloadCsv() {
    setDownload(undefined);
    try {
      const csv = (await report.read({ query, headers: { Accept: 'text/csv' }, parseAs: 'text' })).data as string;
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = `samspar-${report.slug}-${filters.from}-${filters.to}${filters.asOf ? `-per-${filters.asOf}` : ''}.csv`;
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setDownload(error as ApiProblem);
    }
  }

  const title = t(`reports.names.${report.key}`);
  return (
    <section>
      <PageHeading title={title}>{title}</PageHeading>
      <Link asChild>
        <RouterLink to="/rapporter">{t('reports.all')}</RouterLink>
      </Link>
      <Paragraph>{t(`reports.descriptions.${report.key}`)}</Paragraph>
      <Filters report={report} form={form} setForm={setForm} onSubmit={submit} />
      {filters.asOf && (
        <Alert data-color="info" role="status" className="as-of">
          <Paragraph>{t('reports.asOfShown', { date: formatDate(`${filters.asOf}T12:00:00`) })}</Paragraph>
        </Alert>
      )}
      {answer.isPending && <Loading />}
      {answer.error && <ProblemSummary problem={answer.error as ApiProblem} />}
      {answer.data && (
        <>
          <Paragraph data-size="sm">
            {t('reports.readAt', { rows: formatNumber(answer.data.rows.length), at: formatDate(answer.data.asOf) })}{' '}
            {t(report.protected ? 'reports.protectedNote' : 'reports.exactNote')}
          </Paragraph>
          {report.chart && <OutcomesChart answer={answer.data} />}
          {report.chart ? (
            <Details>
              <Details.Summary>{t('outcomes.showTable')}</Details.Summary>
              <Details.Content>
                <ReportTable report={report} answer={answer.data} filters={filters} />
              </Details.Content>
            </Details>
          ) : (
            <ReportTable report={report} answer={answer.data} filters={filters} />
          )}
          <div className="actions">
            <Button variant="secondary" onClick={() => void downloadCsv()}>
              {t('reports.downloadCsv')}
            </Button>
          </div>
          {download && <ProblemSummary problem={download} />}
        </>
      )}
    </section>
  );
}

function Filters({
  report,
  form,
  setForm,
  onSubmit,
}: {
  readonly report: ReportDefinition;
  readonly form: Partial<Record<Filter, string>>;
  readonly setForm: (next: Partial<Record<Filter, string>>) => void;
  readonly onSubmit: (event: FormEvent) => void;
}) {
  const { t } = useTranslation();
  const organisations = useOrganisations();
  const tracks = useTracks();
  const set = (filter: Filter, value: string) => setForm({ ...form, [filter]: value });
  const select = (filter: Filter, options: ReadonlyArray<readonly [string, string]>, any = t('reports.any')) => (
    <Field key={filter}>
      <Label htmlFor={`report-${filter}`}>{t(`reports.filters.${filter}`)}</Label>
      <Select id={`report-${filter}`} value={form[filter] ?? ''} onChange={(event) => set(filter, event.target.value)}>
        <Select.Option value="">{any}</Select.Option>
        {options.map(([value, text]) => (
          <Select.Option key={value} value={value}>
            {text}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
  const choices = (filter: Filter) =>
    (CHOICES[filter] ?? []).map((value) => [value, t(`reports.values.${filter}.${value}`)] as const);
  const date = (filter: Filter, max?: string) => (
    <Field key={filter}>
      <Label htmlFor={`report-${filter}`}>{t(`reports.filters.${filter}`)}</Label>
      <Input
        id={`report-${filter}`}
        type="date"
        value={form[filter] ?? ''}
        {...(max ? { max } : {})}
        onChange={(event) => set(filter, event.target.value)}
      />
    </Field>
  );
  return (
    <form onSubmit={onSubmit} className="form report-filters" aria-label={t('reports.filtersLabel')} noValidate>
      {date('from')}
      {date('to')}
      {select(
        'organisationId',
        (organisations.data ?? []).map((each) => [each.organisationId, each.name] as const),
        t('reports.allOfMine'),
      )}
      {select(
        'trackId',
        (tracks.data ?? []).map((each) => [each.trackId, each.name] as const),
      )}
      {select('gender', choices('gender'))}
      {select('ageBand', choices('ageBand'))}
      {select('newlyArrived', choices('newlyArrived'))}
      {select('educationBand', choices('educationBand'))}
      {select('breakdown', choices('breakdown'), t('reports.noBreakdown'))}
      {report.groupBy && select('groupBy', choices('groupBy'), t('reports.defaultGroup'))}
      {date('asOf', today())}
      <div className="actions">
        <Button type="submit">{t('reports.apply')}</Button>
      </div>
    </form>
  );
}

export function ReportTable({
  report,
  answer,
  filters,
}: {
  readonly report: ReportDefinition;
  readonly answer: ReportAnswer;
  readonly filters: Partial<Record<Filter, string>>;
}) {
  const { t } = useTranslation();
  const broken = answer.rows.some((row) => row['breakdown'] !== undefined && row['breakdown'] !== 'all');
  // Ids are for machines (they are in the CSV); the table shows the names beside them.
  const columns = answer.columns.filter((column) => !/Id$/.test(column) && (column !== 'breakdown' || broken));
  const captionId = `report-${report.slug}-caption`;
  if (answer.rows.length === 0) return <Paragraph className="no-rows">{t('reports.noRows')}</Paragraph>;
  return (
    <>
      <Heading level={2} data-size="sm">
        {t('reports.tableTitle')}
      </Heading>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
        <Table zebra data-size="sm" className="data-table">
          <caption id={captionId}>
            {t('reports.caption', {
              report: t(`reports.names.${report.key}`),
              from: formatDate(`${filters.from}T12:00:00`),
              to: formatDate(`${filters.to}T12:00:00`),
            })}
          </caption>
          <Table.Head>
            <Table.Row>
              {columns.map((column) => (
                <Table.HeaderCell key={column} className={kindOf(column) === 'text' ? undefined : 'number'}>
                  {t(`reports.columns.${column}`, { defaultValue: column })}
                </Table.HeaderCell>
              ))}
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {answer.rows.map((row, index) => (
              <Table.Row key={index}>
                {columns.map((column, position) => {
                  const kind = kindOf(column);
                  const value = row[column];
                  const content =
                    kind === 'text' || (typeof value === 'string' && value !== 'suppressed' && value !== 'not_available') ? (
                      column === 'breakdown' ? (
                        t(`reports.breakdownValue`, { value: String(value ?? '') })
                      ) : (
                        String(value ?? '–')
                      )
                    ) : (
                      <ReportCell cell={value as Cell} kind={kind} />
                    );
                  return position === 0 ? (
                    <Table.HeaderCell key={column} scope="row">
                      {content}
                    </Table.HeaderCell>
                  ) : (
                    <Table.Cell key={column} className={kind === 'text' ? undefined : 'number'}>
                      {content}
                    </Table.Cell>
                  );
                })}
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <Paragraph data-size="sm">{t('outcomes.legend')}</Paragraph>
    </>
  );
}

/** Kolada's way: a sentence, the chart with values printed, and the table below it with the same figures. */
function OutcomesChart({ answer }: { readonly answer: ReportAnswer }) {
  const { t } = useTranslation();
  const rows = useMemo(
    () =>
      answer.rows
        .filter((row) => row['breakdown'] === 'all' || row['breakdown'] === undefined)
        .map((row) => ({
          label: String(row['trackName']),
          rate: row['workOrStudiesAtExitRate'] as Cell,
          ended: row['ended'] as Cell,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'sv')),
    [answer],
  );
  const ended = rows.reduce((sum, row) => sum + (typeof row.ended === 'number' ? row.ended : 0), 0);
  const chartRows = useMemo(() => rows.map(({ label, rate }) => ({ label, rate })), [rows]);
  if (rows.length === 0) return null;
  return (
    <>
      <Paragraph>{t('outcomes.summary', { ended: formatNumber(ended), tracks: formatNumber(rows.length) })}</Paragraph>
      <Heading level={2} data-size="sm" id="outcomes-chart-heading">
        {t('outcomes.chartTitle')}
      </Heading>
      <figure aria-labelledby="outcomes-chart-heading" className="figure">
        <OutcomeChart rows={chartRows} label={t('outcomes.chartLabel')} />
        <figcaption>
          <Paragraph data-size="sm">{t('outcomes.legend')}</Paragraph>
        </figcaption>
      </figure>
    </>
  );
}
