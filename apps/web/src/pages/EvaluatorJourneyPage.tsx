import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Field, Heading, Input, Label, Paragraph } from '@digdir/designsystemet-react';
import { getJourneyHistory } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { JourneyHistory } from '../api/views';
import { useOrganisationNames } from '../api/organisations';
import { formatDate, today } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { ProblemSummary } from '../components/ProblemSummary';
import { Timeline } from './Timeline';

/** An evaluator's view of one journey as it stood at the end of a chosen day: read-only, from the replay. */
export function EvaluatorJourneyPage() {
  const { t } = useTranslation();
  const nameOf = useOrganisationNames();
  const [search, setSearch] = useSearchParams();
  const participantId = search.get('deltagare') ?? '';
  const journeyId = search.get('resa') ?? '';
  const asOf = search.get('datum') ?? today();
  const [form, setForm] = useState({ participantId, journeyId, asOf });
  const ready = participantId !== '' && journeyId !== '';
  const history = useQuery({
    queryKey: ['history', participantId, journeyId, asOf],
    enabled: ready,
    queryFn: async () =>
      (
        await getJourneyHistory({
          path: { participantId, journeyId },
          query: { asOf: endOf(asOf), states: 'summary' },
        })
      ).data as unknown as JourneyHistory,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ deltagare: form.participantId.trim(), resa: form.journeyId.trim(), datum: form.asOf });
  };
  const known = history.data?.entries.filter((entry) => entry.knownAsOf !== false) ?? [];
  return (
    <section>
      <PageHeading title={t('nav.history')}>{t('nav.history')}</PageHeading>
      <form onSubmit={submit} className="form inline-form" noValidate>
        <Field>
          <Label htmlFor="history-participant">{t('journey.participantId')}</Label>
          <Input
            id="history-participant"
            autoComplete="off"
            value={form.participantId}
            onChange={(event) => setForm({ ...form, participantId: event.target.value })}
          />
        </Field>
        <Field>
          <Label htmlFor="history-journey">{t('journey.journeyId')}</Label>
          <Input
            id="history-journey"
            autoComplete="off"
            value={form.journeyId}
            onChange={(event) => setForm({ ...form, journeyId: event.target.value })}
          />
        </Field>
        <Field>
          <Label htmlFor="history-date">{t('journey.asOfDate')}</Label>
          <Input
            id="history-date"
            type="date"
            value={form.asOf}
            max={today()}
            onChange={(event) => setForm({ ...form, asOf: event.target.value })}
          />
        </Field>
        <div>
          <Button type="submit">{t('journey.asOfSubmit')}</Button>
        </div>
      </form>
      {history.isFetching && <Loading />}
      {history.error && <ProblemSummary problem={history.error as ApiProblem} />}
      {history.data && (
        <>
          <Alert data-color="info" role="status">
            <Paragraph>{t('journey.asOfShown', { date: formatDate(`${asOf}T12:00:00`) })}</Paragraph>
          </Alert>
          {history.data.stateAsOf && (
            <Paragraph>
              {t('journey.state')}: {t(`journey.${history.data.stateAsOf.status}`)}
            </Paragraph>
          )}
          <Heading level={2} data-size="sm">
            {t('journey.timeline')}
          </Heading>
          <Timeline entries={known} nameOf={nameOf} />
        </>
      )}
    </section>
  );
}

/** The end of the chosen day in the user's time zone, so the whole day counts; now, for today (the api refuses a future instant). */
function endOf(day: string): string {
  return new Date(Math.min(Date.parse(`${day}T23:59:59`), Date.now())).toISOString();
}
