import { randomUUID } from 'node:crypto';

export const EVENT_TYPE = 'ParticipantNoteRecorded';

// A type alias, not an interface, so that it satisfies Emmett's Record<string, unknown> bound.
export type NoteData = {
  readonly participantId: string;
  readonly organisation: string;
  readonly kind: string;
  readonly text: string;
  readonly sequence: number;
};

export type NoteMetadata = {
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly schemaVersion: number;
};

let sequence = 100_000;

/** About 200 bytes of JSON, the same for every column. */
export function noteData(): NoteData {
  return {
    participantId: randomUUID(),
    organisation: 'arbetsmarknadsenheten',
    kind: 'uppföljning',
    text: 'Samtal om praktikplats och studier; ny träff om två veckor.',
    sequence: sequence++,
  };
}

export function noteMetadata(): NoteMetadata {
  return { occurredAt: new Date().toISOString(), correlationId: randomUUID(), schemaVersion: 1 };
}

export const newStreamId = (): string => `participant-${randomUUID()}`;
