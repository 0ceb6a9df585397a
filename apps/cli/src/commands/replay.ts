import { EvaluatorJourneyHistory, JourneyReads, JourneyState, JourneySummary, replayJourney } from '@samspar/evaluation';
import { ValidationError, isUuid, parseAsOf } from '@samspar/kernel';
import type { AppConfig } from '@samspar/platform';
import { Pseudonymiser, developmentKeys } from '@samspar/privacy';
import { Command, UsageError, parseCommandArguments, quote, withEventStore } from '../support';

export const REPLAY_HELP = `samspar replay: a journey's history, as known then and as known now, and the journey as of a date

Usage:
  samspar replay --participant <uuid> --journey <uuid> [--as-of <date>] [--format text|json]

  --participant <uuid>   the participant; shown only by pseudonym, never by name or personnummer
  --journey <uuid>       one of the participant's journeys
  --as-of <date>         YYYY-MM-DD (the end of that day in Sweden) or an ISO date-time with an offset:
                         also show the journey as it stood then, counting only events recorded and happened by then
  --format text|json     text (default): a table of the events and a line per correction; json: what the api answers

Uses DATABASE_URL, or PGlite in DATA_DIR (through the running api's socket while it runs), and the same keys as the api for the pseudonym.

Examples:
  npm run cli -- replay --participant 7a0e4c52-3b8f-4d19-8e6a-2c4b6d8f0a11 --journey 9b4d6f80-2a1c-4e3b-8d5f-7a9c1e3b5d01
  npm run cli -- replay --participant <uuid> --journey <uuid> --as-of 2026-03-01
  npm run cli -- replay --participant <uuid> --journey <uuid> --as-of 2026-03-01T12:00:00Z --format json > journey.json
`;

export interface ReplayRequest {
  readonly participantId: string;
  readonly journeyId: string;
  readonly asOf?: Date;
  readonly format: 'text' | 'json';
}

const EXAMPLE = 'samspar replay --participant <uuid> --journey <uuid> --as-of 2026-03-01';

export function parseReplayArguments(args: readonly string[]): ReplayRequest {
  const { values } = parseCommandArguments(
    args,
    { command: 'replay', takes: 'it takes --participant, --journey, --as-of and --format', example: EXAMPLE },
    {
      options: {
        participant: { type: 'string' },
        journey: { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
      },
    },
  );
  const participantId = uuid(values.participant, '--participant');
  const journeyId = uuid(values.journey, '--journey');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new UsageError(`replay: --format ${quote(format)} is not text or json; leave it out for a table.`);
  }
  let asOf: Date | undefined;
  if (values['as-of'] !== undefined) {
    try {
      asOf = parseAsOf(values['as-of'], { now: new Date(), field: '--as-of' });
    } catch (error) {
      if (error instanceof ValidationError && error.rule === 'as-of-in-future') {
        throw new UsageError(`replay: --as-of ${quote(values['as-of'])} is after now; give today or an earlier day.`);
      }
      throw new UsageError(
        `replay: --as-of ${quote(values['as-of'])} is not a date; write YYYY-MM-DD (the end of that day in Sweden) or a date-time with an offset, such as 2026-03-01T12:00:00Z.`,
      );
    }
  }
  return { participantId, journeyId, format, ...(asOf ? { asOf } : {}) };
}

function uuid(value: string | undefined, option: string): string {
  if (value === undefined) throw new UsageError(`replay: ${option} is missing; as in: ${EXAMPLE}`);
  if (!isUuid(value)) throw new UsageError(`replay: ${option} ${quote(value)} is not a uuid; copy the id the api gave.`);
  return value.toLowerCase();
}

/** Reads the participant's stream from the configured store and replays the journey; returns what to print. */
export async function runReplay(args: readonly string[], config: AppConfig): Promise<string> {
  const request = parseReplayArguments(args);
  const keys = config.privacyKeys ?? developmentKeys(config.dataDir);
  return withEventStore('replay', config, async ({ store, where }) => {
    // One replay: nothing to keep for the next.
    const reads = new JourneyReads(store, Pseudonymiser.fromLookupKey(keys.lookupKey), { keptEvents: 0 });
    const history = await replayJourney(reads, request.participantId, request.journeyId, {
      states: 'summary',
      ...(request.asOf ? { asOf: request.asOf } : {}),
    });
    if (!history) {
      throw new UsageError(
        `replay: ${where} has no participant ${request.participantId} with journey ${request.journeyId}; check both ids, and DATABASE_URL or DATA_DIR.`,
      );
    }
    return request.format === 'json' ? `${JSON.stringify(history, null, 2)}\n` : describeHistory(history);
  });
}

export const replayCommand: Command = {
  name: 'replay',
  help: REPLAY_HELP,
  run: async (args, config) => ({ output: await runReplay(args, config) }),
};

const COLUMNS = ['rev', 'type', 'occurredAt', 'recordedAt', 'by', 'journey after'] as const;

/** The history as a table: one row per event, then a line per correction and the journey now and as of the date. */
export function describeHistory(history: EvaluatorJourneyHistory): string {
  const rows = history.entries.map((entry) => [
    String(entry.revision),
    `${entry.type}${entry.correctedBy ? ' (corrected)' : ''}${entry.knownAsOf === false ? ' (later)' : ''}`,
    entry.occurredAt,
    entry.recordedAt,
    entry.actor ? `${entry.actor.role}${entry.actor.organisationId ? `@${entry.actor.organisationId.slice(0, 8)}` : ''}` : '',
    entry.stateAfter ? summaryLine('counts' in entry.stateAfter ? entry.stateAfter : journeySummaryOf(entry.stateAfter)) : '',
  ]);
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [
    `Participant ${history.participant} (pseudonym), journey ${history.journeyId}`,
    '',
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
  ];
  if (history.corrections.length === 0) lines.push('No corrections.');
  for (const correction of history.corrections) {
    const asOf =
      correction.countsAsOf === undefined
        ? ''
        : correction.countsAsOf
          ? '; still counted as of the date'
          : '; not counted as of the date';
    lines.push(
      `Correction: ${correction.type} ${correction.stepEventId} (happened ${correction.occurredAt}, recorded ${correction.recordedAt}) was known then, voided ${correction.correctedAt}${asOf}`,
    );
  }
  lines.push(`Now: ${fullLine(history.stateNow)}`);
  if (history.asOf !== undefined) {
    lines.push(`As of ${history.asOf}: ${history.stateAsOf ? fullLine(history.stateAsOf) : 'not yet opened'}`);
  }
  return `${lines.join('\n')}\n`;
}

function summaryLine(state: JourneySummary): string {
  const { interventions } = state.counts;
  const active = Object.entries(interventions)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  return [
    state.status === 'closed' ? `closed (${state.closingReason ?? 'no reason'})` : 'open',
    `${state.counts.enrolments} enrolments`,
    active.length > 0 ? `interventions ${active.join(', ')}` : 'no interventions',
    `${state.counts.statuses} statuses`,
    ...(state.counts.corrected > 0 ? [`${state.counts.corrected} corrected`] : []),
  ].join(', ');
}

function journeySummaryOf(state: JourneyState): JourneySummary {
  const interventions = { planned: 0, started: 0, completed: 0, interrupted: 0 };
  for (const intervention of state.interventions) interventions[intervention.status] += 1;
  return {
    ...state,
    counts: {
      enrolments: state.enrolments.length,
      interventions,
      statuses: state.statuses.length,
      corrected: state.corrected.length,
    },
  };
}

function fullLine(state: JourneyState): string {
  const interventions = state.interventions.map((each) => `${each.type} ${each.status}`);
  return [
    state.status === 'closed'
      ? `closed ${state.closedAt} (${state.closingReason ?? 'no reason'})`
      : `open since ${state.openedAt}`,
    `${state.enrolments.length} enrolments${state.activeEnrolmentId ? ' (one active)' : ''}`,
    interventions.length > 0 ? `interventions: ${interventions.join(', ')}` : 'no interventions',
    `statuses: ${state.statuses.map((status) => `${status.moment} ${status.status}`).join(', ') || 'none'}`,
    `${state.corrected.length} steps corrected`,
  ].join('; ');
}
