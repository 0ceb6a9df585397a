import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react';
import {
  ifMatch,
  newId,
  openJourney as openJourneyOperation,
  getParticipant,
  recordConsent,
  referParticipant,
  revealPersonnummer,
  withdrawConsent,
} from '../api/client';
import type { ApiProblem } from '../api/client';
import type { Consent, ParticipantView } from '../api/views';
import { useOrganisationNames, useOrganisations, useTracks } from '../api/organisations';
import { ActionDialog } from './journey/ActionDialog';
import type { FieldSpec } from './journey/ActionDialog';
import type { DraftValues } from './journey/useDraft';
import { useSession } from '../auth/session';
import { formatDate, today } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { SavedNotice } from '../components/SavedNotice';
import { ProblemSummary } from '../components/ProblemSummary';

export const participantQuery = (participantId: string) => ({
  queryKey: ['participant', participantId],
  queryFn: async () => (await getParticipant({ path: { participantId } })).data as unknown as ParticipantView,
});

/** The participant overview: consent first (who may see what, until when), then the person, referrals and journeys. */
export function ParticipantPage() {
  const { t } = useTranslation();
  const { participantId = '' } = useParams();
  const location = useLocation();
  const participant = useQuery(participantQuery(participantId));
  const nameOf = useOrganisationNames();
  const session = useSession();
  const navigate = useNavigate();
  const view = participant.data;
  const ownOpenJourney = view?.journeys.some(
    (journey) => journey.status === 'open' && session?.organisationIds.includes(journey.organisationId),
  );
  const openJourney = useMutation({
    mutationFn: async (revision: number) => {
      const journeyId = newId();
      // If-Match: refused (412) when someone else changed the participant since this page read it.
      await openJourneyOperation({
        path: { participantId },
        body: { journeyId },
        headers: { ...ifMatch(revision), 'Idempotency-Key': newId() },
      });
      return journeyId;
    },
    onSuccess: (journeyId) => void navigate(`/deltagare/${participantId}/resor/${journeyId}`),
    onError: () => void participant.refetch(),
  });
  const queryClient = useQueryClient();
  const organisations = useOrganisations();
  const tracks = useTracks();
  const [dialog, setDialog] = useState<'consent' | 'referral' | { withdraw: Consent } | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const done = useRef<string | undefined>(undefined);
  const choose = (next: NonNullable<typeof dialog>) => {
    setSaved(undefined);
    setDialog(next);
  };
  const headers = () => ({ ...(view ? ifMatch(view.revision) : {}), 'Idempotency-Key': newId() });
  const orgOptions = (organisations.data ?? [])
    .filter((each) => !session?.organisationIds.includes(each.organisationId))
    .map((each) => [each.organisationId, each.name] as const);
  const openJourneyId = view?.journeys.find(
    (journey) => journey.status === 'open' && session?.organisationIds.includes(journey.organisationId),
  )?.journeyId;
  const dialogs = {
    consent: {
      title: t('participantActions.recordConsent'),
      intro: t('participantActions.consentIntro'),
      fields: [
        {
          name: 'organisationIds',
          label: t('participantActions.shareWith'),
          kind: 'select',
          required: true,
          options: orgOptions,
        },
        {
          name: 'purpose',
          label: t('participantActions.purpose'),
          kind: 'select',
          required: true,
          options: (['samverkan_arbete', 'dua_samverkan'] as const).map(
            (purpose) => [purpose, t(`participant.purposes.${purpose}`)] as const,
          ),
        },
        { name: 'validFrom', label: t('participantActions.validFrom'), kind: 'date', required: true },
        {
          name: 'validUntil',
          label: t('participantActions.validUntil'),
          kind: 'date',
          help: t('participantActions.validUntilHelp'),
        },
      ] satisfies FieldSpec[],
      initial: { validFrom: today() } as DraftValues,
      send: async (values: DraftValues) => {
        const validUntil = typeof values['validUntil'] === 'string' ? values['validUntil'] : '';
        await recordConsent({
          path: { participantId },
          headers: headers(),
          body: {
            consentId: newId(),
            organisationIds: values['organisationIds'] ? [String(values['organisationIds'])] : [],
            purpose: String(values['purpose'] ?? ''),
            validFrom: String(values['validFrom'] ?? ''),
            ...(validUntil ? { validUntil } : {}),
          },
        });
      },
    },
    referral: {
      title: t('participantActions.refer'),
      intro: t('participantActions.referIntro'),
      fields: [
        { name: 'toOrganisationId', label: t('participantActions.to'), kind: 'select', required: true, options: orgOptions },
        {
          name: 'reason',
          label: t('participantActions.reason'),
          kind: 'select',
          required: true,
          options: (['work_preparation', 'education', 'health_assessment', 'income_support_coordination', 'other'] as const).map(
            (reason) => [reason, t(`participantActions.reasons.${reason}`)] as const,
          ),
        },
        {
          name: 'suggestedTrackId',
          label: t('participantActions.suggestedTrack'),
          kind: 'select',
          options: (tracks.data ?? []).filter((track) => track.active).map((track) => [track.trackId, track.name] as const),
        },
      ] satisfies FieldSpec[],
      initial: {} as DraftValues,
      send: async (values: DraftValues) => {
        const track = typeof values['suggestedTrackId'] === 'string' ? values['suggestedTrackId'] : '';
        await referParticipant({
          path: { participantId },
          headers: headers(),
          body: {
            referralId: newId(),
            toOrganisationId: String(values['toOrganisationId'] ?? ''),
            reason: String(values['reason'] ?? '') as 'other',
            ...(openJourneyId ? { journeyId: openJourneyId } : {}),
            ...(track ? { suggestedTrackId: track } : {}),
          },
        });
      },
    },
  };
  const withdrawing = typeof dialog === 'object' ? dialog.withdraw : undefined;
  const current = withdrawing
    ? {
        title: t('participantActions.withdrawConsent'),
        intro: t('participantActions.withdrawIntro', {
          organisations: withdrawing.organisationIds.map(nameOf).join(', '),
        }),
        fields: [] as FieldSpec[],
        initial: {} as DraftValues,
        send: async () => {
          await withdrawConsent({ path: { participantId, consentId: withdrawing.consentId }, headers: headers(), body: {} });
        },
      }
    : dialog === 'consent' || dialog === 'referral'
      ? dialogs[dialog]
      : undefined;
  const personal = view?.personal?.status === 'ok' ? view.personal.value : undefined;
  const name = [personal?.firstName, personal?.lastName].filter(Boolean).join(' ');

  return (
    <section>
      <PageHeading title={t('participant.title')}>{name || t('participant.title')}</PageHeading>
      {(location.state as { registered?: boolean } | null)?.registered && (
        <Alert data-color="success" role="status">
          <Paragraph>{t('register.done')}</Paragraph>
        </Alert>
      )}
      {participant.isPending && <Loading />}
      {participant.error && <ProblemSummary problem={participant.error as ApiProblem} />}
      {view && (
        <div className="stack">
          <section aria-labelledby="consents-heading" className="panel">
            <Heading level={2} data-size="sm" id="consents-heading">
              {t('participant.consents')}
            </Heading>
            <Paragraph data-size="sm">{t('participant.consentsIntro')}</Paragraph>
            {view.consents.length === 0 ? (
              <Paragraph>{t('participant.noConsents')}</Paragraph>
            ) : (
              <ul className="plain-list">
                {view.consents.map((consent) => (
                  <ConsentItem
                    key={consent.consentId}
                    consent={consent}
                    nameOf={nameOf}
                    {...(!consent.withdrawnAt && session?.organisationIds.includes(consent.recordedBy)
                      ? { onWithdraw: () => choose({ withdraw: consent }) }
                      : {})}
                  />
                ))}
              </ul>
            )}
            {view.organisationId && session?.organisationIds.includes(view.organisationId) && (
              <div className="actions">
                <Button variant="secondary" onClick={() => choose('consent')}>
                  {t('participantActions.recordConsent')}
                </Button>
                <Button variant="secondary" onClick={() => choose('referral')}>
                  {t('participantActions.refer')}
                </Button>
              </div>
            )}
            <SavedNotice text={saved} />
          </section>
          <section aria-labelledby="personal-heading" className="panel">
            <Heading level={2} data-size="sm" id="personal-heading">
              {t('participant.personal')}
            </Heading>
            {view.protectedIdentity && <Tag data-color="warning">{t('participant.protected')}</Tag>}
            {view.personal?.status === 'erased' && <Paragraph>{t('participant.erased')}</Paragraph>}
            {personal && (
              <dl className="facts">
                <dt>{t('participant.name')}</dt>
                <dd>{name || '–'}</dd>
                <dt>{t('participant.personnummer')}</dt>
                <dd>
                  <MaskedPersonnummer participantId={participantId} masked={personal.personnummerMasked} />
                </dd>
              </dl>
            )}
            {view.registeredAt && (
              <Paragraph data-size="sm">{t('participant.registeredAt', { date: formatDate(view.registeredAt) })}</Paragraph>
            )}
          </section>
          <section aria-labelledby="referrals-heading" className="panel">
            <Heading level={2} data-size="sm" id="referrals-heading">
              {t('participant.referrals')}
            </Heading>
            {view.referrals.length === 0 ? (
              <Paragraph>{t('participant.noReferrals')}</Paragraph>
            ) : (
              <ul className="plain-list">
                {view.referrals.map((referral) => (
                  <li key={referral.referralId}>
                    {formatDate(referral.sentAt)}: {nameOf(referral.fromOrganisationId)} → {nameOf(referral.toOrganisationId)}{' '}
                    <Tag data-color="neutral">
                      {t(`participant.referralStatus.${referral.status}`, { defaultValue: referral.status })}
                    </Tag>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="journeys-heading" className="panel">
            <Heading level={2} data-size="sm" id="journeys-heading">
              {t('participant.journeys')}
            </Heading>
            {openJourney.error && <ProblemSummary problem={openJourney.error as ApiProblem} />}
            {!ownOpenJourney && (
              <Button variant="secondary" disabled={openJourney.isPending} onClick={() => openJourney.mutate(view.revision)}>
                {openJourney.isPending ? t('participant.startingJourney') : t('participant.startJourney')}
              </Button>
            )}
            {view.journeys.length === 0 ? (
              <Paragraph>{t('participant.noJourneys')}</Paragraph>
            ) : (
              <ul className="plain-list">
                {view.journeys.map((journey) => (
                  <li key={journey.journeyId}>
                    <Link asChild>
                      <RouterLink to={`/deltagare/${view.participantId}/resor/${journey.journeyId}`}>
                        {t('participant.openJourney', { date: formatDate(journey.openedAt) })} – {nameOf(journey.organisationId)}
                      </RouterLink>
                    </Link>{' '}
                    <Tag data-color={journey.status === 'open' ? 'success' : 'neutral'}>{t(`journey.${journey.status}`)}</Tag>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
      {current && dialog && (
        <ActionDialog
          key={typeof dialog === 'object' ? dialog.withdraw.consentId : dialog}
          title={current.title}
          intro={current.intro}
          submitLabel={current.title}
          fields={current.fields}
          initial={current.initial}
          draftKey={`${participantId}.${typeof dialog === 'object' ? 'withdraw' : dialog}`}
          onSubmit={async (values) => {
            await current.send(values);
            done.current = t('journeyPage.saved', { action: current.title });
            await queryClient.invalidateQueries({ queryKey: ['participant', participantId] });
          }}
          onClose={() => {
            setDialog(undefined);
            setSaved(done.current);
            done.current = undefined;
          }}
          onConflict={() => void participant.refetch()}
        />
      )}
    </section>
  );
}

function ConsentItem({
  consent,
  nameOf,
  onWithdraw,
}: {
  readonly consent: Consent;
  readonly nameOf: (id: string) => string;
  readonly onWithdraw?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li>
      <Card data-color={consent.withdrawnAt ? 'neutral' : 'accent'} className="consent">
        <Paragraph>
          <strong>{t(`participant.purposes.${consent.purpose}`, { defaultValue: consent.purpose })}</strong>
          {': '}
          {t('participant.consentFor', { organisations: consent.organisationIds.map(nameOf).join(', ') })}
        </Paragraph>
        <Paragraph data-size="sm">
          {t('participant.validFrom', { date: formatDate(consent.validFrom) })}
          {consent.validUntil ? ` ${t('participant.validUntil', { date: formatDate(consent.validUntil) })}` : ''}
          {consent.withdrawnAt ? `. ${t('participant.withdrawnAt', { date: formatDate(consent.withdrawnAt) })}` : ''}
        </Paragraph>
        {onWithdraw && (
          <Button data-size="sm" variant="tertiary" onClick={onWithdraw}>
            {t('participantActions.withdrawConsent')}
          </Button>
        )}
      </Card>
    </li>
  );
}

/**
 * Masked by default, as the api sends it. Showing the last four digits asks the api for them: an audited read of
 * its own. Hiding them again forgets them.
 */
export function MaskedPersonnummer({ participantId, masked }: { readonly participantId: string; readonly masked?: string }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState<string>();
  const reveal = useMutation({
    mutationFn: async () => (await revealPersonnummer({ path: { participantId } })).data?.personnummer ?? '',
    onSuccess: (personnummer) => {
      const digits = personnummer.replace(/\D/g, '');
      setWhole(`${digits.slice(0, -4)}-${digits.slice(-4)}`);
    },
  });
  if (!masked) return <>–</>;
  return (
    <span className="masked">
      <span aria-live="polite">{whole ?? masked}</span>{' '}
      <Button
        variant="tertiary"
        data-size="sm"
        aria-pressed={Boolean(whole)}
        disabled={reveal.isPending}
        onClick={() => (whole ? setWhole(undefined) : reveal.mutate())}
      >
        {whole ? t('participant.hidePersonnummer') : t('participant.showPersonnummer')}
      </Button>
      {reveal.error && <ProblemSummary problem={reveal.error as ApiProblem} />}
    </span>
  );
}
