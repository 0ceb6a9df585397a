import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Field, Input, Label, Link, Paragraph, Select, Table, Tag } from '@digdir/designsystemet-react';
import { listJourneys, listTasks } from '../../api/client';
import type { ApiProblem, TaskDto, WorkListJourneyDto } from '../../api/client';
import { formatDate } from '../../i18n';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ProblemSummary } from '../../components/ProblemSummary';

const VIEWS = ['mine', 'unit', 'idle', 'followUpDue', 'all', 'closed'] as const;
type View = (typeof VIEWS)[number];

const queryOf = (view: View) => {
  switch (view) {
    case 'mine':
      return { scope: 'mine' as const, status: 'open' as const };
    case 'unit':
      return { scope: 'unit' as const, status: 'open' as const };
    case 'idle':
      return { scope: 'organisation' as const, idle: true };
    case 'followUpDue':
      return { scope: 'organisation' as const, followUpDue: true };
    case 'all':
      return { scope: 'organisation' as const, status: 'open' as const };
    case 'closed':
      return { scope: 'organisation' as const, status: 'closed' as const };
  }
};

/** "Mina ärenden": the organisation's journeys in the views a caseworker works from, searchable by name. */
export function JourneysListPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const view = (VIEWS as readonly string[]).includes(search.get('visa') ?? '') ? (search.get('visa') as View) : 'mine';
  const text = search.get('sok') ?? '';
  const [typed, setTyped] = useState(text);
  const journeys = useInfiniteQuery({
    queryKey: ['work-list', view],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (
        await listJourneys({
          query: { ...queryOf(view), sort: '-lastActivityAt', limit: 50, ...(pageParam ? { cursor: pageParam } : {}) },
        })
      ).data!,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const all = journeys.data?.pages.flatMap((page) => page.items) ?? [];
  const needle = text.trim().toLocaleLowerCase('sv');
  const rows = needle ? all.filter((row) => (row.participantName ?? '').toLocaleLowerCase('sv').includes(needle)) : all;
  const choose = (next: Partial<{ visa: string; sok: string }>) => {
    const params = new URLSearchParams(search);
    for (const [key, value] of Object.entries(next)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    setSearch(params, { replace: true });
  };
  return (
    <section>
      <PageHeading title={t('lists.journeys')}>{t('lists.journeys')}</PageHeading>
      <form
        className="form report-filters"
        role="search"
        aria-label={t('lists.searchLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          choose({ sok: typed });
        }}
      >
        <Field>
          <Label htmlFor="list-view">{t('lists.view')}</Label>
          <Select id="list-view" value={view} onChange={(event) => choose({ visa: event.target.value })}>
            {VIEWS.map((each) => (
              <Select.Option key={each} value={each}>
                {t(`lists.views.${each}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="list-search">{t('lists.search')}</Label>
          <Input
            id="list-search"
            type="search"
            autoComplete="off"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
        </Field>
        <div className="actions">
          <Button type="submit">{t('lists.find')}</Button>
        </div>
      </form>
      {journeys.isPending && <Loading />}
      {journeys.error && <ProblemSummary problem={journeys.error as unknown as ApiProblem} />}
      {journeys.data && rows.length === 0 && (
        <Paragraph className="no-rows">{t(needle ? 'lists.noMatch' : 'lists.empty')}</Paragraph>
      )}
      {rows.length > 0 && <JourneyTable rows={rows} />}
      {journeys.hasNextPage && (
        <Button variant="secondary" onClick={() => void journeys.fetchNextPage()} disabled={journeys.isFetchingNextPage}>
          {t('lists.more')}
        </Button>
      )}
    </section>
  );
}

function JourneyTable({ rows }: { readonly rows: readonly WorkListJourneyDto[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="journeys-caption">
      <Table zebra data-size="sm">
        <caption id="journeys-caption">{t('lists.caption', { count: rows.length })}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('lists.participant')}</Table.HeaderCell>
            <Table.HeaderCell>{t('lists.caseworker')}</Table.HeaderCell>
            <Table.HeaderCell>{t('lists.opened')}</Table.HeaderCell>
            <Table.HeaderCell>{t('lists.lastActivity')}</Table.HeaderCell>
            <Table.HeaderCell>{t('lists.state')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((row) => {
            const name = row.participantName ?? t(`lists.names.${row.nameState}`);
            return (
              <Table.Row key={row.journeyId}>
                <Table.HeaderCell scope="row">
                  {row.participantId ? (
                    <Link asChild>
                      <RouterLink to={`/deltagare/${row.participantId}/resor/${row.journeyId}`}>{name}</RouterLink>
                    </Link>
                  ) : (
                    name
                  )}
                </Table.HeaderCell>
                <Table.Cell>{row.caseworkerName ?? '–'}</Table.Cell>
                <Table.Cell>{formatDate(row.openedAt)}</Table.Cell>
                <Table.Cell>{formatDate(row.lastActivityAt)}</Table.Cell>
                <Table.Cell>
                  <span className="tags">
                    <Tag data-color={row.status === 'open' ? 'success' : 'neutral'}>{t(`journey.${row.status}`)}</Tag>
                    {row.idle && <Tag data-color="warning">{t('lists.idle')}</Tag>}
                    {row.followUpsDue > 0 && (
                      <Tag data-color="warning">{t('lists.followUpsDue', { count: row.followUpsDue })}</Tag>
                    )}
                    {row.shared && <Tag data-color="info">{t('lists.shared')}</Tag>}
                  </span>
                </Table.Cell>
              </Table.Row>
            );
          })}
        </Table.Body>
      </Table>
    </div>
  );
}

/** "Att göra": follow-ups, referrals to answer and idle journeys, earliest due first. */
export function TasksPage() {
  const { t } = useTranslation();
  const [scope, setScope] = useState<'mine' | 'unit' | 'organisation'>('organisation');
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', scope],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await listTasks({ query: { scope, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } })).data!,
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const rows = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  // Overdue as of when the list was read, so that rendering stays pure.
  const now = tasks.dataUpdatedAt;
  return (
    <section>
      <PageHeading title={t('lists.tasks')}>{t('lists.tasks')}</PageHeading>
      <Field>
        <Label htmlFor="tasks-scope">{t('lists.whose')}</Label>
        <Select id="tasks-scope" value={scope} onChange={(event) => setScope(event.target.value as typeof scope)}>
          {(['mine', 'unit', 'organisation'] as const).map((each) => (
            <Select.Option key={each} value={each}>
              {t(`lists.scopes.${each}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      {tasks.isPending && <Loading />}
      {tasks.error && <ProblemSummary problem={tasks.error as unknown as ApiProblem} />}
      {tasks.data && rows.length === 0 && <Paragraph className="no-rows">{t('lists.noTasks')}</Paragraph>}
      {rows.length > 0 && (
        <ul className="plain-list task-list">
          {rows.map((task, index) => (
            <li key={`${task.kind}-${task.journeyId ?? task.referralId}-${task.enrolmentId ?? ''}-${index}`}>
              <TaskItem task={task} overdue={Date.parse(task.dueAt) < now} />
            </li>
          ))}
        </ul>
      )}
      {tasks.hasNextPage && (
        <Button variant="secondary" onClick={() => void tasks.fetchNextPage()} disabled={tasks.isFetchingNextPage}>
          {t('lists.more')}
        </Button>
      )}
    </section>
  );
}

function TaskItem({ task, overdue }: { readonly task: TaskDto; readonly overdue: boolean }) {
  const { t } = useTranslation();
  const label = t(`lists.taskKinds.${task.kind}`);
  const where = task.kind.startsWith('referral')
    ? '/inkorg'
    : task.participantId && task.journeyId
      ? `/deltagare/${task.participantId}/resor/${task.journeyId}`
      : undefined;
  return (
    <>
      {overdue && <Tag data-color="danger">{t('lists.overdue')}</Tag>}{' '}
      {where ? (
        <Link asChild>
          <RouterLink to={where}>{label}</RouterLink>
        </Link>
      ) : (
        label
      )}{' '}
      – {t('lists.due', { date: formatDate(task.dueAt) })}
      {task.caseworkerName ? `, ${task.caseworkerName}` : ''}
    </>
  );
}
