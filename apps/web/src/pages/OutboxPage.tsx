import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Field, Label, Link, Paragraph, Select, Table, Tag } from '@digdir/designsystemet-react';
import { listReferralOutbox } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { OutboxReferral } from '../api/views';
import { formatDate } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary } from '../components/ProblemSummary';

const STATES = ['sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const satisfies readonly OutboxReferral['status'][];
// A page at a time: the api answers the newest `limit` (at most 200).
const PAGE = 50;
const MOST = 200;

/** Referrals the caseworker's organisation sent, newest first: whether each was answered, and how. */
export function OutboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = STATES.find((state) => state === params.get('status'));
  const [limit, setLimit] = useState(PAGE);
  const outbox = useQuery({
    queryKey: ['outbox', status ?? 'all', limit],
    // The rows shown stay while more are read.
    placeholderData: (previous) => previous,
    queryFn: async () =>
      (await listReferralOutbox({ query: { limit, ...(status ? { status } : {}) } })).data as unknown as {
        readonly referrals: readonly OutboxReferral[];
      },
  });
  const referrals = outbox.data?.referrals ?? [];
  return (
    <section>
      <PageHeading title={t('outbox.title')}>{t('outbox.title')}</PageHeading>
      <Paragraph data-size="sm">{t('outbox.intro', { count: MOST })}</Paragraph>
      <Field className="filter-field">
        <Label htmlFor="outbox-status">{t('outbox.status')}</Label>
        <Select
          id="outbox-status"
          value={status ?? ''}
          onChange={(event) => {
            setLimit(PAGE);
            setParams(event.target.value ? { status: event.target.value } : {}, { replace: true });
          }}
        >
          <Select.Option value="">{t('outbox.all')}</Select.Option>
          {STATES.map((state) => (
            <Select.Option key={state} value={state}>
              {t(`participant.referralStatus.${state}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      {outbox.isPending && <Loading />}
      {outbox.error && <ProblemSummary problem={outbox.error as ApiProblem} />}
      {outbox.data && referrals.length === 0 && (
        <Alert data-color="info">
          <Paragraph>{t('outbox.empty')}</Paragraph>
        </Alert>
      )}
      {referrals.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="outbox-caption">
          <Table zebra data-size="sm" className="data-table">
            <caption id="outbox-caption">{t('outbox.caption', { count: referrals.length })}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('inbox.participant')}</Table.HeaderCell>
                <Table.HeaderCell>{t('outbox.to')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.sent')}</Table.HeaderCell>
                <Table.HeaderCell>{t('outbox.status')}</Table.HeaderCell>
                <Table.HeaderCell>{t('outbox.answered')}</Table.HeaderCell>
                <Table.HeaderCell>{t('outbox.firstIntervention')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {referrals.map((referral, index) => (
                <Table.Row key={referral.referralId}>
                  <Table.Cell>
                    {referral.participantId ? (
                      <Link asChild>
                        <RouterLink to={`/deltagare/${referral.participantId}`}>
                          {t('inbox.open')} {index + 1}
                        </RouterLink>
                      </Link>
                    ) : (
                      t('outbox.protected')
                    )}
                  </Table.Cell>
                  <Table.Cell>{referral.toOrganisationName ?? referral.toOrganisationId}</Table.Cell>
                  <Table.Cell>{formatDate(referral.sentAt)}</Table.Cell>
                  <Table.Cell>
                    {t(`participant.referralStatus.${referral.status}`, { defaultValue: referral.status })}
                    {referral.declineReason && ` – ${t(`inbox.reasons.${referral.declineReason}`)}`}{' '}
                    {referral.status === 'sent' && referral.overdue && <Tag data-color="danger">{t('inbox.overdue')}</Tag>}
                  </Table.Cell>
                  <Table.Cell>
                    {referral.answeredAt
                      ? formatDate(referral.answeredAt)
                      : t('outbox.answerBy', { date: formatDate(referral.deadlineAt) })}
                  </Table.Cell>
                  <Table.Cell>{referral.firstInterventionAt ? formatDate(referral.firstInterventionAt) : '–'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {referrals.length === limit && limit < MOST && (
        <Button variant="secondary" disabled={outbox.isFetching} onClick={() => setLimit(Math.min(limit + PAGE, MOST))}>
          {t('lists.more')}
        </Button>
      )}
    </section>
  );
}
