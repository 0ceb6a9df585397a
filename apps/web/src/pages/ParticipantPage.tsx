import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Heading, Link, Paragraph, Tag } from '@digdir/designsystemet-react';
import { ifMatch, newId, openJourney as openJourneyOperation, getParticipant } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { Consent, ParticipantView } from '../api/views';
import { useOrganisationNames } from '../api/organisations';
import { useSession } from '../auth/session';
import { formatDate } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
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
                  <ConsentItem key={consent.consentId} consent={consent} nameOf={nameOf} />
                ))}
              </ul>
            )}
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
                  <MaskedPersonnummer value={personal.personnummer} />
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
    </section>
  );
}

function ConsentItem({ consent, nameOf }: { readonly consent: Consent; readonly nameOf: (id: string) => string }) {
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
      </Card>
    </li>
  );
}

/** Masked by default: the last four digits hidden until the caseworker asks to see them. */
export function MaskedPersonnummer({ value }: { readonly value: string | undefined }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  if (!value) return <>–</>;
  const digits = value.replace(/\D/g, '');
  const formatted = digits.length === 12 ? `${digits.slice(0, 8)}-${digits.slice(8)}` : value;
  return (
    <span className="masked">
      <span aria-live="polite">{shown ? formatted : `${formatted.slice(0, -4)}****`}</span>{' '}
      <Button variant="tertiary" data-size="sm" onClick={() => setShown(!shown)} aria-pressed={shown}>
        {shown ? t('participant.hidePersonnummer') : t('participant.showPersonnummer')}
      </Button>
    </span>
  );
}
