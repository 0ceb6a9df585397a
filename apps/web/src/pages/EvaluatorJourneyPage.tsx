import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Field, Heading, Input, Label, Paragraph } from '@digdir/designsystemet-react';
import { getJourneyHistory } from '../api/client';
import type { ApiProblem } from '../api/client';
import type { JourneyHistory } from '../api/views';
import { useOrganisationNames } from '../api/organisations';
import { formatDateTime, today } from '../i18n';
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
  const tid = search.get('tid');
  // Fixed once per chosen day: for today, "now" taken at every render would be a new query each time, for ever.
  const instant = useMemo(() => tid ?? endOf(asOf), [tid, asOf]);
  const [form, setForm] = useState({ participantId, journeyId, asOf });
  const ready = participantId !== '' && journeyId !== '';
  const read = (at: string) => async () =>
    (
      await getJourneyHistory({
        path: { participantId, journeyId },
        query: { asOf: at, states: 'summary' },
      })
    ).data as unknown as JourneyHistory;
  // Everything known now: the slider's stops are the instants at which each step became known.
  const whole = useQuery({
    queryKey: ['history', participantId, journeyId, 'now'],
    enabled: ready,
    queryFn: read(new Date().toISOString()),
    staleTime: 60_000,
  });
  const history = useQuery({
    queryKey: ['history', participantId, journeyId, instant],
    enabled: ready,
    queryFn: read(instant),
    placeholderData: (previous) => previous,
  });
  const stops = useMemo(
    () =>
      [...new Set((whole.data?.entries ?? []).map((entry) => knownFrom(entry)))]
        .sort()
        .map((at) => ({ at, step: whole.data!.entries.filter((entry) => knownFrom(entry) === at).at(-1)! })),
    [whole.data],
  );
  const stop = stops.reduce((found, each, index) => (each.at <= instant ? index : found), -1);
  const moveTo = (index: number) => {
    const next = new URLSearchParams(search);
    next.set('tid', stops[index]!.at);
    next.set('datum', stops[index]!.at.slice(0, 10));
    setSearch(next, { replace: true });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ deltagare: form.participantId.trim(), resa: form.journeyId.trim(), datum: form.asOf });
  };
  const sliderText = (each: { at: string; step: { type: string } }) =>
    t('history.after', { step: t(`events.${each.step.type}`, { defaultValue: each.step.type }), at: formatDateTime(each.at) });
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
      {stops.length > 0 && (
        <div className="time-slider">
          <Label htmlFor="history-slider">{t('history.slider')}</Label>
          <input
            id="history-slider"
            type="range"
            min={0}
            max={stops.length - 1}
            step={1}
            value={Math.max(stop, 0)}
            aria-valuetext={sliderText(stops[Math.max(stop, 0)]!)}
            onChange={(event) => moveTo(Number(event.target.value))}
          />
          <output htmlFor="history-slider">{stop < 0 ? t('history.beforeAll') : sliderText(stops[stop]!)}</output>
        </div>
      )}
      {history.data && (
        <>
          <Alert data-color="info" role="status">
            <Paragraph>{t('history.shownAt', { at: formatDateTime(instant) })}</Paragraph>
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

/** When a step became known to Samspår as it happened: recorded, and happened, by then. */
function knownFrom(entry: { readonly occurredAt: string; readonly recordedAt: string }): string {
  const at = Math.max(Date.parse(entry.occurredAt), Date.parse(entry.recordedAt));
  return new Date(at).toISOString();
}

/** The end of the chosen day in the user's time zone, so the whole day counts; now, for today (the api refuses a future instant). */
function endOf(day: string): string {
  return new Date(Math.min(Date.parse(`${day}T23:59:59`), Date.now())).toISOString();
}
