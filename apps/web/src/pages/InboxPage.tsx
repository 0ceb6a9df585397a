import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { acceptReferral, declineReferral, followEvents, newId, listReferralInbox } from '../api/client';
import type { ApiProblem, DeclineReferralRequestDto } from '../api/client';
import type { Inbox } from '../api/views';
import { formatDate, formatTime } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary } from '../components/ProblemSummary';
import { SavedNotice } from '../components/SavedNotice';
import { ActionDialog } from './journey/ActionDialog';

const INBOX = ['inbox'] as const;
const DECLINE_REASONS = [
  'no_capacity',
  'not_eligible',
  'could_not_contact',
  'other',
] as const satisfies readonly DeclineReferralRequestDto['reason'][];

/** Positions are `transaction:sequence`; an inbox without one is taken as it comes. */
function isBefore(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const [ta, sa] = a.split(':').map(BigInt) as [bigint, bigint];
  const [tb, sb] = b.split(':').map(BigInt) as [bigint, bigint];
  return ta < tb || (ta === tb && sa < sb);
}

/** The stream and a read after a command may answer out of order: the inbox of the later position wins. */
function show(queryClient: QueryClient, next: Inbox): void {
  queryClient.setQueryData<Inbox>(INBOX, (shown) => (shown && isBefore(next.position, shown.position) ? shown : next));
}

/** Unanswered referrals to the caseworker's organisation, kept live by the api's event stream. */
export function InboxPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: INBOX,
    queryFn: async () => (await listReferralInbox()).data as unknown as Inbox,
  });
  const [connection, setConnection] = useState<'live' | 'reconnecting'>('live');
  const accept = useMutation({
    mutationFn: async (referralId: string) => {
      const answer = await acceptReferral({ path: { referralId }, body: {}, headers: { 'Idempotency-Key': newId() } });
      return answer.data?.position;
    },
    // The stream brings the inbox without it; asking again, once the read model has the acceptance, covers a
    // stream that is reconnecting. Without minPosition it could bring back the inbox from before.
    onMutate: () => setDeclined(undefined),
    onSuccess: (position) => refresh(position),
  });

  // The referral being declined, with its row number as the caseworker sees it.
  const [declining, setDeclining] = useState<{ referralId: string; number: number }>();
  const [declined, setDeclined] = useState<string>();
  const done = useRef<string | undefined>(undefined);
  const refresh = async (position: string | undefined) => {
    const inbox = await listReferralInbox(position ? { query: { minPosition: position } } : {});
    if (inbox.data) show(queryClient, inbox.data as unknown as Inbox);
  };

  useEffect(() => {
    const controller = new AbortController();
    void followEvents<Inbox>(
      '/api/v1/referrals/inbox/events',
      (event, data) => {
        if (event !== 'inbox') return;
        setConnection('live');
        show(queryClient, data);
      },
      controller.signal,
      () => setConnection('reconnecting'),
    ).catch(() => setConnection('reconnecting'));
    return () => controller.abort();
  }, [queryClient]);

  const referrals = inbox.data?.referrals ?? [];
  return (
    <section>
      <PageHeading title={t('nav.inbox')}>{t('inbox.title')}</PageHeading>
      <Paragraph data-size="sm">{connection === 'live' ? t('inbox.live') : t('inbox.reconnecting')}</Paragraph>
      {/* Announced when the stream brings a change, without moving focus. */}
      <p role="status" className="visually-hidden">
        {inbox.data ? t('inbox.updated', { time: formatTime(inbox.data.asOf), count: referrals.length }) : ''}
      </p>
      {inbox.isPending && <Loading />}
      {inbox.error && <ProblemSummary problem={inbox.error as ApiProblem} />}
      {accept.error && <ProblemSummary problem={accept.error as ApiProblem} />}
      <SavedNotice text={declined} />
      {accept.isSuccess && (
        <Alert data-color="success" role="status">
          <Paragraph>{t('inbox.accepted')}</Paragraph>
        </Alert>
      )}
      {inbox.data && referrals.length === 0 && (
        <Alert data-color="info">
          <Paragraph>{t('inbox.empty')}</Paragraph>
        </Alert>
      )}
      {referrals.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="inbox-caption">
          <Table zebra data-size="sm" className="data-table">
            <caption id="inbox-caption">{t('inbox.caption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('inbox.participant')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.from')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.sent')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.age')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.deadline')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.track')}</Table.HeaderCell>
                <Table.HeaderCell>{t('inbox.actions')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {referrals.map((referral, index) => (
                <Table.Row key={referral.referralId}>
                  <Table.Cell>
                    <Link asChild>
                      <RouterLink to={`/deltagare/${referral.participantId}`}>
                        {t('inbox.open')} {index + 1}
                      </RouterLink>
                    </Link>
                  </Table.Cell>
                  <Table.Cell>{referral.fromOrganisationName ?? referral.fromOrganisationId}</Table.Cell>
                  <Table.Cell>{formatDate(referral.sentAt)}</Table.Cell>
                  <Table.Cell>{t('inbox.ageDays', { count: referral.ageDays })}</Table.Cell>
                  <Table.Cell>
                    {formatDate(referral.deadlineAt)} {referral.overdue && <Tag data-color="danger">{t('inbox.overdue')}</Tag>}
                  </Table.Cell>
                  <Table.Cell>{referral.suggestedTrackName ?? '–'}</Table.Cell>
                  <Table.Cell>
                    <Button
                      data-size="sm"
                      variant="secondary"
                      aria-label={t('inbox.acceptRow', { number: index + 1 })}
                      disabled={accept.isPending}
                      onClick={() => accept.mutate(referral.referralId)}
                    >
                      {t('inbox.accept')}
                    </Button>{' '}
                    <Button
                      data-size="sm"
                      variant="tertiary"
                      aria-label={t('inbox.declineRow', { number: index + 1 })}
                      disabled={accept.isPending}
                      onClick={() => {
                        accept.reset();
                        setDeclined(undefined);
                        setDeclining({ referralId: referral.referralId, number: index + 1 });
                      }}
                    >
                      {t('inbox.decline')}
                    </Button>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      {declining && (
        <ActionDialog
          title={t('inbox.declineTitle', { number: declining.number })}
          intro={t('inbox.declineIntro')}
          submitLabel={t('inbox.decline')}
          fields={[
            {
              name: 'reason',
              label: t('inbox.reason'),
              kind: 'select',
              required: true,
              options: DECLINE_REASONS.map((reason) => [reason, t(`inbox.reasons.${reason}`)] as const),
            },
          ]}
          initial={{ reason: '' }}
          draftKey={`decline.${declining.referralId}`}
          onSubmit={async (values) => {
            const answer = await declineReferral({
              path: { referralId: declining.referralId },
              body: { reason: values.reason as (typeof DECLINE_REASONS)[number] },
              headers: { 'Idempotency-Key': newId() },
            });
            done.current = t('inbox.declined', { number: declining.number });
            await refresh((answer.data as { position?: string } | undefined)?.position);
          }}
          onClose={() => {
            setDeclining(undefined);
            setDeclined(done.current);
            done.current = undefined;
          }}
          onConflict={() => void inbox.refetch()}
        />
      )}
    </section>
  );
}
