import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Heading, Link } from '@digdir/designsystemet-react';
import { getJourneyTimeline } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { TimelineEntry } from '../api/views';
import { useOrganisationNames } from '../api/organisations';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary } from '../components/ProblemSummary';
import { Timeline } from './Timeline';

export function JourneyPage() {
  const { t } = useTranslation();
  const { participantId = '', journeyId = '' } = useParams();
  const nameOf = useOrganisationNames();
  const timeline = useQuery({
    queryKey: ['timeline', participantId, journeyId],
    queryFn: async () =>
      (await getJourneyTimeline({ path: { participantId, journeyId } })).data as
        readonly TimelineEntry[] | { entries: readonly TimelineEntry[] },
  });
  const entries = Array.isArray(timeline.data)
    ? timeline.data
    : ((timeline.data as { entries?: TimelineEntry[] })?.entries ?? []);
  return (
    <section>
      <PageHeading title={t('journey.title')}>{t('journey.title')}</PageHeading>
      <Link asChild>
        <RouterLink to={`/deltagare/${participantId}`}>{t('participant.title')}</RouterLink>
      </Link>
      <Heading level={2} data-size="sm">
        {t('journey.timeline')}
      </Heading>
      {timeline.isPending && <Loading />}
      {timeline.error && <ProblemSummary problem={timeline.error as ApiProblem} />}
      {timeline.data && <Timeline entries={entries} nameOf={nameOf} />}
    </section>
  );
}
