import { Suspense, lazy, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, Details, Field, Heading, Input, Label, Paragraph, Table } from '@digdir/designsystemet-react';
import { getOutcomesReport } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { Cell, OutcomeReport } from '../api/views';
import { formatDate, formatNumber, today } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary } from '../components/ProblemSummary';
import { ReportCell } from '../components/ReportCell';

const OutcomeChart = lazy(() => import('./OutcomeChart'));

const yearAgo = (): string => {
  const date = new Date();
  date.setFullYear(date.getFullYear() - 1);
  return date.toISOString().slice(0, 10);
};

/** Outcomes per track, as Kolada shows them: a text summary, a chart with values printed, and the same as a table. */
export function OutcomesPage() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState({ from: yearAgo(), to: today() });
  const [form, setForm] = useState(period);
  const report = useQuery({
    queryKey: ['outcomes', period],
    queryFn: async () =>
      (await getOutcomesReport({ query: { from: period.from, to: period.to } })).data as unknown as OutcomeReport,
  });
  const rows = useMemo(
    () =>
      (report.data?.rows ?? [])
        .filter((row) => row.breakdown === 'all' || row.breakdown === undefined)
        .map((row) => ({
          trackId: String(row.trackId),
          label: String(row.trackName),
          started: row.started as Cell,
          ended: row.ended as Cell,
          workOrStudiesAtExit: row.workOrStudiesAtExit as Cell,
          rate: row.workOrStudiesAtExitRate as Cell,
          followUp90dCoverage: row.followUp90dCoverage as Cell,
          daysInTrackMedian: row.daysInTrackMedian as Cell,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'sv')),
    [report.data],
  );
  const ended = rows.reduce((sum, row) => sum + (typeof row.ended === 'number' ? row.ended : 0), 0);
  const chartRows = useMemo(() => rows.map(({ label, rate }) => ({ label, rate })), [rows]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(form);
  };

  return (
    <section>
      <PageHeading title={t('outcomes.title')}>{t('outcomes.title')}</PageHeading>
      <form onSubmit={submit} className="form inline-form" aria-label={t('outcomes.filters')} noValidate>
        <Field>
          <Label htmlFor="outcomes-from">{t('outcomes.from')}</Label>
          <Input
            id="outcomes-from"
            type="date"
            value={form.from}
            onChange={(event) => setForm({ ...form, from: event.target.value })}
          />
        </Field>
        <Field>
          <Label htmlFor="outcomes-to">{t('outcomes.to')}</Label>
          <Input
            id="outcomes-to"
            type="date"
            value={form.to}
            onChange={(event) => setForm({ ...form, to: event.target.value })}
          />
        </Field>
        <div>
          <Button type="submit">{t('outcomes.apply')}</Button>
        </div>
      </form>
      {report.isPending && <Loading />}
      {report.error && <ProblemSummary problem={report.error as ApiProblem} />}
      {report.data && rows.length === 0 && <Paragraph>{t('outcomes.noRows')}</Paragraph>}
      {rows.length > 0 && (
        <>
          <Paragraph>{t('outcomes.summary', { ended: formatNumber(ended), tracks: formatNumber(rows.length) })}</Paragraph>
          <Heading level={2} data-size="sm" id="outcomes-chart-heading">
            {t('outcomes.chartTitle')}
          </Heading>
          <figure aria-labelledby="outcomes-chart-heading" className="figure">
            <Suspense fallback={<Loading />}>
              <OutcomeChart rows={chartRows} label={t('outcomes.chartLabel')} />
            </Suspense>
            <figcaption>
              <Paragraph data-size="sm">{t('outcomes.legend')}</Paragraph>
            </figcaption>
          </figure>
          <Details>
            <Details.Summary>{t('outcomes.showTable')}</Details.Summary>
            <Details.Content>
              <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="outcomes-caption">
                <Table zebra data-size="sm" className="data-table">
                  <caption id="outcomes-caption">
                    {t('outcomes.caption', { from: formatDate(period.from), to: formatDate(period.to) })}
                  </caption>
                  <Table.Head>
                    <Table.Row>
                      <Table.HeaderCell>{t('outcomes.track')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.started')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.ended')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.workOrStudiesAtExit')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.rate')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.followUp90dCoverage')}</Table.HeaderCell>
                      <Table.HeaderCell className="number">{t('outcomes.daysInTrackMedian')}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Head>
                  <Table.Body>
                    {rows.map((row) => (
                      <Table.Row key={row.trackId}>
                        <Table.HeaderCell scope="row">{row.label}</Table.HeaderCell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.started} />
                        </Table.Cell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.ended} />
                        </Table.Cell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.workOrStudiesAtExit} />
                        </Table.Cell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.rate} kind="rate" />
                        </Table.Cell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.followUp90dCoverage} kind="rate" />
                        </Table.Cell>
                        <Table.Cell className="number">
                          <ReportCell cell={row.daysInTrackMedian} kind="days" />
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              </div>
              <Paragraph data-size="sm">{t('outcomes.legend')}</Paragraph>
            </Details.Content>
          </Details>
        </>
      )}
    </section>
  );
}
