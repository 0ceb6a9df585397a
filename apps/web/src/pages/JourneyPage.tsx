import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Heading, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import {
  closeJourney,
  completeIntervention,
  correctStep,
  endTrackEnrolment,
  enrolInTrack,
  getJourneyTimeline,
  ifMatch,
  interruptIntervention,
  newId,
  planIntervention,
  recordLabourMarketStatus,
  reopenJourney,
  revisionOf,
  startIntervention,
  assignCaseworker,
} from '../api/client';
import type { ApiProblem } from '../api/client';
import type { TimelineEntry } from '../api/views';
import { useOrganisationNames, useOrganisations, useTracks } from '../api/organisations';
import { useSession } from '../auth/session';
import { formatDate, today } from '../i18n';
import { Loading } from '../components/Loading';
import { PageHeading } from '../components/PageHeading';
import { SavedNotice } from '../components/SavedNotice';
import { ProblemSummary } from '../components/ProblemSummary';
import { Timeline } from './Timeline';
import { ActionDialog } from './journey/ActionDialog';
import type { FieldSpec } from './journey/ActionDialog';
import type { DraftValues } from './journey/useDraft';
import { CORRECTABLE, journeyState } from './journey/journeyState';
import type { InterventionState, JourneyState } from './journey/journeyState';

const INTERVENTION_TYPES = [
  'arbetstraning',
  'praktik',
  'utbildning',
  'vagledning',
  'arbetsformagebedomning',
  'feriejobb',
  'subventionerad_anstallning',
  'coaching',
] as const;
const MOMENTS = ['entry', 'exit', 'follow_up_1m', 'follow_up_90d', 'follow_up_6m'] as const;
const STATUSES = [
  'employed',
  'employed_subsidised',
  'municipal_labour_market_employment',
  'self_employed',
  'studies_with_study_allowance',
  'studies_other',
  'job_seeking',
  'labour_market_programme',
  'on_sick_leave_or_unable',
  'parental_leave',
  'inactive_other',
  'unknown',
] as const;
const INCOME = [
  'salary',
  'income_support',
  'unemployment_insurance',
  'activity_support',
  'study_allowance',
  'sickness_benefit',
  'pension',
  'other',
  'none',
] as const;
const WORK = new Set(['employed', 'employed_subsidised', 'self_employed']);
const UNEMPLOYED = new Set(['job_seeking', 'labour_market_programme']);
const CLOSING = [
  'work',
  'studies',
  'moved',
  'other_support',
  'no_contact',
  'declined_further_support',
  'deceased',
  'registration_error',
] as const;
const INTERRUPTION = ['participant_left', 'illness', 'found_work', 'provider_ended', 'other'] as const;
const EMPTY: DraftValues = {};

/** A chosen day as the instant the api wants; today (or nothing) is left to the api's "now". */
function occurredAt(values: DraftValues): { occurredAt?: string } {
  const day = typeof values['occurredAt'] === 'string' ? values['occurredAt'] : '';
  if (!day || day === today()) return {};
  return { occurredAt: new Date(`${day}T12:00:00`).toISOString() };
}

type Action =
  | { readonly kind: 'enrol' | 'endEnrolment' | 'plan' | 'status' | 'close' | 'reopen' | 'assign' }
  | { readonly kind: 'start' | 'complete' | 'interrupt'; readonly intervention: InterventionState }
  | { readonly kind: 'correct'; readonly entry: TimelineEntry };

/** A journey: where it stands now, every step taken, and each casework action as a dialog, sent with If-Match. */
export function JourneyPage() {
  const { t } = useTranslation();
  const { participantId = '', journeyId = '' } = useParams();
  const queryClient = useQueryClient();
  const session = useSession();
  const nameOf = useOrganisationNames();
  const organisations = useOrganisations();
  const tracks = useTracks();
  const [action, setAction] = useState<Action | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const saved = useRef<string | undefined>(undefined);
  const timeline = useQuery({
    queryKey: ['timeline', participantId, journeyId],
    queryFn: async () => {
      const answer = await getJourneyTimeline({ path: { participantId, journeyId } });
      const data = answer.data as unknown as readonly TimelineEntry[] | { entries: readonly TimelineEntry[] };
      const entries = Array.isArray(data)
        ? (data as readonly TimelineEntry[])
        : (data as { entries: readonly TimelineEntry[] }).entries;
      return { entries, revision: revisionOf(answer.response) };
    },
  });
  const entries = timeline.data?.entries ?? [];
  const state = journeyState(entries);
  const trackName = (id: string) => tracks.data?.find((track) => track.trackId === id)?.name ?? `${id.slice(0, 8)}…`;
  const path = { participantId, journeyId };
  const headers = () => ({
    ...(timeline.data?.revision !== undefined ? ifMatch(timeline.data.revision) : {}),
    'Idempotency-Key': newId(),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['timeline', participantId, journeyId] });
  const open = (next: Action) => {
    setDone(undefined);
    setAction(next);
  };

  const date: FieldSpec = { name: 'occurredAt', label: t('journeyPage.when'), kind: 'date', help: t('journeyPage.whenHelp') };
  const dialog = action && dialogFor(action);

  function dialogFor(current: Action) {
    const initial: DraftValues = { occurredAt: today() };
    switch (current.kind) {
      case 'enrol':
        return {
          title: t('journeyPage.enrol'),
          fields: [
            {
              name: 'trackId',
              label: t('journeyPage.track'),
              kind: 'select',
              required: true,
              options: (tracks.data ?? []).filter((track) => track.active).map((track) => [track.trackId, track.name] as const),
            },
            date,
          ],
          initial,
          send: (values: DraftValues) =>
            enrolInTrack({
              path,
              headers: headers(),
              body: { enrolmentId: newId(), trackId: String(values['trackId'] ?? ''), ...occurredAt(values) },
            }),
        };
      case 'endEnrolment':
        return {
          title: t('journeyPage.endEnrolment'),
          intro: state.activeEnrolment ? trackName(state.activeEnrolment.trackId) : undefined,
          fields: [date],
          initial,
          send: (values: DraftValues) =>
            endTrackEnrolment({
              path: { ...path, enrolmentId: state.activeEnrolment?.enrolmentId ?? '' },
              headers: headers(),
              body: occurredAt(values),
            }),
        };
      case 'plan':
        return {
          title: t('journeyPage.plan'),
          fields: [
            {
              name: 'type',
              label: t('journeyPage.interventionType'),
              kind: 'select',
              required: true,
              options: INTERVENTION_TYPES.map((type) => [type, t(`journeyPage.interventionTypes.${type}`)] as const),
            },
            {
              name: 'providerOrganisationId',
              label: t('journeyPage.provider'),
              kind: 'select',
              required: true,
              options: (organisations.data ?? []).map((each) => [each.organisationId, each.name] as const),
            },
            date,
          ],
          initial: { ...initial, providerOrganisationId: session?.organisationIds[0] ?? '' },
          send: (values: DraftValues) =>
            planIntervention({
              path,
              headers: headers(),
              body: {
                interventionId: newId(),
                type: String(values['type'] ?? '') as (typeof INTERVENTION_TYPES)[number],
                providerOrganisationId: String(values['providerOrganisationId'] ?? ''),
                ...(state.activeEnrolment ? { enrolmentId: state.activeEnrolment.enrolmentId } : {}),
                ...occurredAt(values),
              },
            }),
        };
      case 'start':
      case 'complete': {
        const operation = current.kind === 'start' ? startIntervention : completeIntervention;
        return {
          title: t(`journeyPage.${current.kind}`),
          intro: t(`journeyPage.interventionTypes.${current.intervention.type}`, { defaultValue: current.intervention.type }),
          fields: [date],
          initial,
          send: (values: DraftValues) =>
            operation({
              path: { ...path, interventionId: current.intervention.interventionId },
              headers: headers(),
              body: occurredAt(values),
            }),
        };
      }
      case 'interrupt':
        return {
          title: t('journeyPage.interrupt'),
          intro: t(`journeyPage.interventionTypes.${current.intervention.type}`, { defaultValue: current.intervention.type }),
          fields: [
            {
              name: 'reason',
              label: t('journeyPage.interruptionReason'),
              kind: 'select',
              required: true,
              options: INTERRUPTION.map((reason) => [reason, t(`journeyPage.interruptionReasons.${reason}`)] as const),
            },
            date,
          ],
          initial,
          send: (values: DraftValues) =>
            interruptIntervention({
              path: { ...path, interventionId: current.intervention.interventionId },
              headers: headers(),
              body: { reason: String(values['reason'] ?? '') as (typeof INTERRUPTION)[number], ...occurredAt(values) },
            }),
        };
      case 'status':
        return {
          title: t('journeyPage.status'),
          intro: t('journeyPage.statusIntro'),
          fields: [
            {
              name: 'moment',
              label: t('journeyPage.moment'),
              kind: 'select',
              required: true,
              options: MOMENTS.map((moment) => [moment, t(`journeyPage.moments.${moment}`)] as const),
            },
            {
              name: 'status',
              label: t('journeyPage.statusLabel'),
              kind: 'select',
              required: true,
              options: STATUSES.map((status) => [status, t(`journeyPage.statuses.${status}`)] as const),
            },
            {
              name: 'expectedToLastOneMonth',
              label: t('journeyPage.expectedToLast'),
              kind: 'yesno',
              required: true,
              shown: (values: DraftValues) => WORK.has(String(values['status'])),
            },
            {
              name: 'unemployedSince',
              label: t('journeyPage.unemployedSince'),
              kind: 'date',
              help: t('journeyPage.unemployedSinceHelp'),
              shown: (values: DraftValues) => values['moment'] === 'entry' && UNEMPLOYED.has(String(values['status'])),
            },
            {
              name: 'incomeSources',
              label: t('journeyPage.incomeSources'),
              kind: 'checkboxes',
              required: true,
              options: INCOME.map((source) => [source, t(`journeyPage.income.${source}`)] as const),
            },
            date,
          ],
          initial: { ...initial, incomeSources: [] },
          send: (values: DraftValues) => {
            const status = String(values['status'] ?? '');
            const enrolment = state.activeEnrolment ?? state.enrolments.at(-1);
            const since = typeof values['unemployedSince'] === 'string' ? values['unemployedSince'] : '';
            return recordLabourMarketStatus({
              path,
              headers: headers(),
              body: {
                statusId: newId(),
                moment: String(values['moment'] ?? '') as (typeof MOMENTS)[number],
                status: status as (typeof STATUSES)[number],
                incomeSources: (Array.isArray(values['incomeSources'])
                  ? values['incomeSources']
                  : []) as (typeof INCOME)[number][],
                ...(WORK.has(status) && values['expectedToLastOneMonth']
                  ? { expectedToLastOneMonth: values['expectedToLastOneMonth'] === 'yes' }
                  : {}),
                ...(values['moment'] === 'entry' && UNEMPLOYED.has(status) && since ? { unemployedSince: since } : {}),
                ...(enrolment ? { enrolmentId: enrolment.enrolmentId } : {}),
                ...occurredAt(values),
              },
            });
          },
        };
      case 'close':
        return {
          title: t('journeyPage.close'),
          fields: [
            {
              name: 'reason',
              label: t('journeyPage.closingReason'),
              kind: 'select',
              required: true,
              options: CLOSING.map((reason) => [reason, t(`journeyPage.closingReasons.${reason}`)] as const),
            },
            date,
          ],
          initial,
          send: (values: DraftValues) =>
            closeJourney({
              path,
              headers: headers(),
              body: { reason: String(values['reason'] ?? '') as (typeof CLOSING)[number], ...occurredAt(values) },
            }),
        };
      case 'reopen':
        return {
          title: t('journeyPage.reopen'),
          fields: [date],
          initial,
          send: (values: DraftValues) => reopenJourney({ path, headers: headers(), body: occurredAt(values) }),
        };
      case 'assign':
        return {
          title: t('journeyPage.assign'),
          intro: t('journeyPage.assignIntro'),
          fields: [date],
          initial,
          send: (values: DraftValues) =>
            assignCaseworker({ path, headers: headers(), body: { caseworkerId: session?.userId ?? '', ...occurredAt(values) } }),
        };
      case 'correct':
        return {
          title: t('journeyPage.correct'),
          intro: t('journeyPage.correctIntro', {
            step: t(`events.${current.entry.type}`, { defaultValue: current.entry.type }),
            date: formatDate(current.entry.occurredAt),
          }),
          fields: [
            {
              name: 'reason',
              label: t('journeyPage.correctionReason'),
              kind: 'text',
              required: true,
              help: t('journeyPage.correctionHelp'),
            },
          ],
          initial: EMPTY,
          send: (values: DraftValues) =>
            correctStep({
              path,
              headers: headers(),
              body: { stepEventId: current.entry.eventId, reason: String(values['reason'] ?? '') },
            }),
        };
    }
  }

  // Only the organisation that runs the journey records in it; a journey shared by consent is read-only here.
  const runBy = (entries.find((entry) => entry.type === 'JourneyOpened')?.data as { organisationId?: string } | undefined)
    ?.organisationId;
  const ownJourney =
    runBy !== undefined && (session?.organisationIds ?? []).some((id) => id.toLowerCase() === runBy.toLowerCase());
  return (
    <section>
      <PageHeading title={t('journey.title')}>{t('journey.title')}</PageHeading>
      <Link asChild>
        <RouterLink to={`/deltagare/${participantId}`}>{t('journeyPage.toParticipant')}</RouterLink>
      </Link>
      {timeline.isPending && <Loading />}
      {timeline.error && <ProblemSummary problem={timeline.error as ApiProblem} />}
      <SavedNotice text={done} />
      {timeline.data && (
        <div className="stack">
          <Summary state={state} trackName={trackName} />
          {ownJourney && (
            <section aria-labelledby="journey-actions" className="panel">
              <Heading level={2} data-size="sm" id="journey-actions">
                {t('journeyPage.actions')}
              </Heading>
              <div className="actions">
                {state.status === 'open' ? (
                  <>
                    {state.activeEnrolment ? (
                      <Button variant="secondary" onClick={() => open({ kind: 'endEnrolment' })}>
                        {t('journeyPage.endEnrolment')}
                      </Button>
                    ) : (
                      <Button variant="secondary" onClick={() => open({ kind: 'enrol' })}>
                        {t('journeyPage.enrol')}
                      </Button>
                    )}
                    <Button variant="secondary" onClick={() => open({ kind: 'plan' })}>
                      {t('journeyPage.plan')}
                    </Button>
                    <Button variant="secondary" onClick={() => open({ kind: 'status' })}>
                      {t('journeyPage.status')}
                    </Button>
                    {state.caseworkerId !== session?.userId && (
                      <Button variant="secondary" onClick={() => open({ kind: 'assign' })}>
                        {t('journeyPage.assign')}
                      </Button>
                    )}
                    <Button variant="secondary" onClick={() => open({ kind: 'close' })}>
                      {t('journeyPage.close')}
                    </Button>
                  </>
                ) : (
                  <>
                    <Button variant="secondary" onClick={() => open({ kind: 'status' })}>
                      {t('journeyPage.status')}
                    </Button>
                    <Button variant="secondary" onClick={() => open({ kind: 'reopen' })}>
                      {t('journeyPage.reopen')}
                    </Button>
                  </>
                )}
              </div>
            </section>
          )}
          <Interventions state={state} nameOf={nameOf} onAction={open} />
          <Statuses state={state} />
          <section aria-labelledby="journey-timeline" className="panel">
            <Heading level={2} data-size="sm" id="journey-timeline">
              {t('journey.timeline')}
            </Heading>
            <Timeline
              entries={entries}
              nameOf={nameOf}
              corrected={state.corrected}
              onCorrect={(entry) => open({ kind: 'correct', entry })}
              correctable={(entry) => CORRECTABLE.has(entry.type) && !state.corrected.has(entry.eventId)}
            />
          </section>
        </div>
      )}
      {dialog && action && (
        <ActionDialog
          key={`${action.kind}-${'intervention' in action ? action.intervention.interventionId : 'entry' in action ? action.entry.eventId : ''}`}
          title={dialog.title}
          {...(dialog.intro ? { intro: dialog.intro } : {})}
          submitLabel={dialog.title}
          fields={dialog.fields as FieldSpec[]}
          initial={dialog.initial}
          draftKey={`${journeyId}.${action.kind}`}
          onSubmit={async (values) => {
            await dialog.send(values);
            saved.current = t('journeyPage.saved', { action: dialog.title });
            await refresh();
          }}
          onClose={() => {
            // Said (and focused) once the dialog is gone, so its closing does not take focus back.
            setAction(undefined);
            setDone(saved.current);
            saved.current = undefined;
          }}
          onConflict={() => void refresh()}
        />
      )}
    </section>
  );
}

function Summary({ state, trackName }: { readonly state: JourneyState; readonly trackName: (id: string) => string }) {
  const { t } = useTranslation();
  const exit = state.statuses.find((status) => status.moment === 'exit');
  const dueFollowUps = exit
    ? (['follow_up_90d', 'follow_up_6m'] as const).filter((moment) => !state.statuses.some((status) => status.moment === moment))
    : [];
  return (
    <section aria-labelledby="journey-summary" className="panel">
      <Heading level={2} data-size="sm" id="journey-summary">
        {t('journeyPage.summary')}
      </Heading>
      <dl className="facts">
        <dt>{t('journeyPage.state')}</dt>
        <dd>
          <Tag data-color={state.status === 'open' ? 'success' : 'neutral'}>{t(`journey.${state.status}`)}</Tag>
          {state.closedAt &&
            ` ${t('journeyPage.closedOn', {
              date: formatDate(state.closedAt),
              reason: t(`journeyPage.closingReasons.${state.closingReason ?? ''}`, { defaultValue: state.closingReason ?? '' }),
            })}`}
        </dd>
        <dt>{t('journeyPage.opened')}</dt>
        <dd>{formatDate(state.openedAt)}</dd>
        <dt>{t('journeyPage.track')}</dt>
        <dd>
          {state.activeEnrolment
            ? t('journeyPage.inTrackSince', {
                track: trackName(state.activeEnrolment.trackId),
                date: formatDate(state.activeEnrolment.startedAt),
              })
            : t('journeyPage.noTrack')}
        </dd>
        <dt>{t('journeyPage.interventionsCount')}</dt>
        <dd>
          {t('journeyPage.interventionCounts', {
            planned: state.interventions.filter((each) => each.status === 'planned').length,
            started: state.interventions.filter((each) => each.status === 'started').length,
            ended: state.interventions.filter((each) => each.status === 'completed' || each.status === 'interrupted').length,
          })}
        </dd>
        <dt>{t('journeyPage.followUps')}</dt>
        <dd>
          {!exit
            ? t('journeyPage.noExitYet')
            : dueFollowUps.length === 0
              ? t('journeyPage.followUpsDone')
              : dueFollowUps.map((moment) => t(`journeyPage.moments.${moment}`)).join(', ')}
        </dd>
      </dl>
    </section>
  );
}

function Interventions({
  state,
  nameOf,
  onAction,
}: {
  readonly state: JourneyState;
  readonly nameOf: (id: string) => string;
  readonly onAction: (action: Action) => void;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="journey-interventions" className="panel">
      <Heading level={2} data-size="sm" id="journey-interventions">
        {t('journeyPage.interventions')}
      </Heading>
      {state.interventions.length === 0 ? (
        <Paragraph>{t('journeyPage.noInterventions')}</Paragraph>
      ) : (
        <div className="table-scroll">
          <Table>
            <caption className="visually-hidden">{t('journeyPage.interventions')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('journeyPage.interventionType')}</Table.HeaderCell>
                <Table.HeaderCell>{t('journeyPage.provider')}</Table.HeaderCell>
                <Table.HeaderCell>{t('journeyPage.interventionStatus')}</Table.HeaderCell>
                <Table.HeaderCell>{t('journeyPage.action')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {state.interventions.map((intervention) => {
                const type = t(`journeyPage.interventionTypes.${intervention.type}`, { defaultValue: intervention.type });
                return (
                  <Table.Row key={intervention.interventionId}>
                    <Table.Cell>{type}</Table.Cell>
                    <Table.Cell>{nameOf(intervention.providerOrganisationId)}</Table.Cell>
                    <Table.Cell>
                      {t(`journeyPage.interventionStatuses.${intervention.status}`)}{' '}
                      {formatDate(intervention.endedAt ?? intervention.startedAt ?? intervention.plannedAt)}
                    </Table.Cell>
                    <Table.Cell>
                      {state.status === 'open' && intervention.status === 'planned' && (
                        <Button data-size="sm" variant="tertiary" onClick={() => onAction({ kind: 'start', intervention })}>
                          {t('journeyPage.startNamed', { type })}
                        </Button>
                      )}
                      {state.status === 'open' && intervention.status === 'started' && (
                        <>
                          <Button data-size="sm" variant="tertiary" onClick={() => onAction({ kind: 'complete', intervention })}>
                            {t('journeyPage.completeNamed', { type })}
                          </Button>
                          <Button data-size="sm" variant="tertiary" onClick={() => onAction({ kind: 'interrupt', intervention })}>
                            {t('journeyPage.interruptNamed', { type })}
                          </Button>
                        </>
                      )}
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table>
        </div>
      )}
    </section>
  );
}

function Statuses({ state }: { readonly state: JourneyState }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="journey-statuses" className="panel">
      <Heading level={2} data-size="sm" id="journey-statuses">
        {t('journeyPage.statusesTitle')}
      </Heading>
      {state.statuses.length === 0 ? (
        <Paragraph>{t('journeyPage.noStatuses')}</Paragraph>
      ) : (
        <ul className="plain-list">
          {state.statuses.map((status) => (
            <li key={status.statusId}>
              <strong>{t(`journeyPage.moments.${status.moment}`, { defaultValue: status.moment })}</strong> (
              {formatDate(status.at)}): {t(`journeyPage.statuses.${status.status}`, { defaultValue: status.status })}
              {status.expectedToLastOneMonth !== undefined &&
                `, ${t(status.expectedToLastOneMonth ? 'journeyPage.lastsAMonth' : 'journeyPage.notAMonth')}`}
            </li>
          ))}
        </ul>
      )}
      {state.corrections.length > 0 && (
        <>
          <Heading level={3} data-size="xs">
            {t('journeyPage.correctionsTitle')}
          </Heading>
          <ul className="plain-list">
            {state.corrections.map((correction) => (
              <li key={correction.eventId}>
                {t('journeyPage.correctionLine', {
                  step: t(`events.${correction.type}`, { defaultValue: correction.type }),
                  then: formatDate(correction.recordedAt),
                  now: formatDate(correction.correctedAt),
                })}
                {correction.reason ? ` ${t('journeyPage.because', { reason: correction.reason })}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
