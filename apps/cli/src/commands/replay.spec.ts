import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@samspar/kernel';
import { journeyHistory } from '@samspar/evaluation';
import { UsageError } from '../support';
import { REPLAY_HELP, describeHistory, parseReplayArguments } from './replay';

const P = randomUUID();
const J = randomUUID();

function refused(args: readonly string[]): string {
  try {
    parseReplayArguments(args);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

describe('samspar replay arguments', () => {
  it('reads the participant, the journey, the date and the format', () => {
    expect(parseReplayArguments(['--participant', P, '--journey', J])).toEqual({
      participantId: P,
      journeyId: J,
      format: 'text',
    });
    expect(
      parseReplayArguments(['--participant', P.toUpperCase(), '--journey', J, '--as-of', '2026-03-01', '--format', 'json']),
    ).toEqual({
      participantId: P,
      journeyId: J,
      asOf: new Date('2026-03-01T22:59:59.999Z'),
      format: 'json',
    });
    expect(parseReplayArguments([`--participant=${P}`, `--journey=${J}`, '--as-of', '2026-03-01T12:00:00+01:00']).asOf).toEqual(
      new Date('2026-03-01T11:00:00Z'),
    );
  });

  it('names what is missing, with an example', () => {
    expect(refused(['--journey', J])).toMatch(/--participant is missing; as in: samspar replay --participant/);
    expect(refused(['--participant', P])).toMatch(/--journey is missing/);
  });

  it('refuses an id that is not a uuid, a date it cannot read and an unknown format, saying what to write', () => {
    expect(refused(['--participant', '19900101-2385', '--journey', J])).toBe(
      'replay: --participant "19900101-2385" is not a uuid; copy the id the api gave.',
    );
    expect(refused(['--participant', P, '--journey', J, '--as-of', '2026-02-30'])).toMatch(
      /--as-of "2026-02-30" is not a date; write YYYY-MM-DD .* or a date-time with an offset/,
    );
    expect(refused(['--participant', P, '--journey', J, '--as-of', '2026-03-01T12:00'])).toMatch(/is not a date/);
    expect(refused(['--participant', P, '--journey', J, '--format', 'csv'])).toMatch(/--format "csv" is not text or json/);
  });

  it('refuses unknown options and positionals', () => {
    expect(refused(['--participant', P, '--journey', J, '--asof', '2026-03-01'])).toMatch(
      /^replay: Unknown option '--asof'.*takes --participant/,
    );
    expect(refused(['--participant', P, '--journey', J, 'extra'])).toMatch(
      /^replay: Unexpected argument 'extra'; it takes --participant/,
    );
  });

  it('has help with examples', () => {
    expect(REPLAY_HELP).toContain('Examples:');
    expect(REPLAY_HELP).toContain('samspar replay --participant <uuid> --journey <uuid> [--as-of <date>] [--format text|json]');
  });
});

describe('samspar replay text', () => {
  const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  const events: RecordedEvent[] = [];
  const record = (type: string, data: object, occurredAt: string, recordedAt = occurredAt) => {
    const event: RecordedEvent = {
      id: randomUUID(),
      type,
      data,
      metadata: { occurredAt, schemaVersion: 1, actor: { userId: 'lena', role: 'caseworker', organisationId: J } },
      streamId: `participant-${P}`,
      revision: events.length,
      globalPosition: `1:${events.length + 1}`,
      recordedAt,
    };
    events.push(event);
    return event;
  };
  const I = randomUUID();
  record(
    'ParticipantRegistered',
    {
      participantId: P,
      organisationId: J,
      identity: { kind: 'anonymous', reason: 'no_consent' },
      attributes: {},
      protectedIdentity: false,
    },
    at(1),
  );
  record('JourneyOpened', { journeyId: J, organisationId: J }, at(2));
  record('InterventionPlanned', { journeyId: J, interventionId: I, type: 'praktik', providerOrganisationId: J }, at(3));
  const started = record('InterventionStarted', { journeyId: J, interventionId: I }, at(4));
  record('StepCorrected', { journeyId: J, correctedEventId: started.id, reason: 'Fel insats' }, at(10));

  it('shows a row per event with both dates, a line per correction, and the journey now and as of the date', () => {
    const history = journeyHistory(events, J, { asOf: new Date(at(5)), states: 'summary' })!;
    const text = describeHistory({ ...history, participant: 'ab'.repeat(16), revision: 4 });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Participant ${'ab'.repeat(16)} (pseudonym), journey ${J}`);
    expect(lines.find((line) => line.startsWith('3 '))).toMatch(
      new RegExp(
        `^3 +InterventionStarted \\(corrected\\) +${at(4)} +${at(4)} +caseworker@${J.slice(0, 8)} +open, 0 enrolments, interventions 1 started`,
      ),
    );
    expect(lines.find((line) => line.startsWith('4 '))).toMatch(/StepCorrected \(later\)/);
    expect(text).toContain(
      `Correction: InterventionStarted ${started.id} (happened ${at(4)}, recorded ${at(4)}) was known then, voided ${at(10)}; still counted as of the date`,
    );
    expect(text).toMatch(/Now: open since .*interventions: praktik planned; .*1 steps corrected/);
    expect(text).toMatch(
      new RegExp(`As of ${at(5).replace(/[.]/g, '\\.')}: open since .*interventions: praktik started; .*0 steps corrected`),
    );
    expect(text).not.toContain(P);
    expect(text).not.toContain('lena');
  });
});
