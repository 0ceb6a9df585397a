import { randomUUID } from 'node:crypto';
import { CommandContext } from './command-handling';
import { ParticipantEvent, ParticipantState, evolveParticipant, initialParticipantState } from './participant';
import { mayAccess } from './participant-access';
import { happened } from './testing/decider-spec';

const owner = randomUUID();
const receiver = randomUUID();
const stranger = randomUUID();
const referralId = randomUUID();
const consentId = randomUUID();

const registered = (protectedIdentity = false): ParticipantEvent => ({
  type: 'ParticipantRegistered',
  data: {
    participantId: randomUUID(),
    organisationId: owner,
    identity: protectedIdentity
      ? { kind: 'anonymous', reason: 'protected_identity' }
      : { kind: 'anonymous', reason: 'no_consent' },
    attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'isced_3_4' },
    protectedIdentity,
  },
});

/** Each event recorded when it happened, by the organisation named. */
function fold(events: Array<[ParticipantEvent, string, string]>): ParticipantState {
  return events.reduce(
    (state, [event, at, by]) => evolveParticipant(state, { ...happened(event, at, randomUUID(), by), recordedAt: at }),
    initialParticipantState,
  );
}

const as = (
  organisationId: string,
  now: string,
  permissions: string[] = [],
): Pick<CommandContext, 'actor' | 'permissions' | 'now'> => ({
  actor: { userId: 'u', role: 'caseworker', organisationId },
  permissions,
  now,
});

const consented: Array<[ParticipantEvent, string, string]> = [
  [registered(), '2026-01-01T08:00:00Z', owner],
  [
    {
      type: 'ConsentRecorded',
      data: { consentId, organisationIds: [receiver], purpose: 'samverkan', validFrom: '2026-01-01', validUntil: '2026-12-31' },
    },
    '2026-01-02T08:00:00Z',
    owner,
  ],
  [
    {
      type: 'ParticipantReferred',
      data: {
        referralId,
        fromOrganisationId: owner,
        toOrganisationId: receiver,
        reason: 'other',
        deadlineAt: '2026-02-01T08:00:00Z',
      },
    },
    '2026-01-03T08:00:00Z',
    owner,
  ],
];

describe('Who may see a participant', () => {
  it('lets the registering organisation in, and nobody else', () => {
    const state = fold([[registered(), '2026-01-01T08:00:00Z', owner]]);
    expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z'))).toBe(true);
    expect(mayAccess(state, as(stranger, '2026-01-05T00:00:00Z'))).toBe(false);
  });

  it('lets an organisation the consent names in, the receiver of a referral before it answers too', () => {
    expect(mayAccess(fold(consented), as(receiver, '2026-01-05T00:00:00Z'))).toBe(true);
    expect(mayAccess(fold(consented), as(stranger, '2026-01-05T00:00:00Z'))).toBe(false);
  });

  it('never lets in an organisation whose consent starts only later', () => {
    const later = fold([
      [registered(), '2026-01-01T08:00:00Z', owner],
      [
        {
          type: 'ConsentRecorded',
          data: { consentId, organisationIds: [receiver], purpose: 'samverkan', validFrom: '2026-06-01' },
        },
        '2026-01-02T08:00:00Z',
        owner,
      ],
    ]);
    expect(mayAccess(later, as(receiver, '2026-05-31T12:00:00Z'))).toBe(false);
    expect(mayAccess(later, as(receiver, '2026-06-01T12:00:00Z'))).toBe(true);
  });

  describe('When the consent ends or is withdrawn', () => {
    const journeyId = randomUUID();
    const withdrawn = fold([
      ...consented,
      [{ type: 'ReferralAccepted', data: { referralId } }, '2026-01-04T08:00:00Z', receiver],
      [{ type: 'JourneyOpened', data: { journeyId, organisationId: receiver } }, '2026-01-05T08:00:00Z', receiver],
      [{ type: 'ConsentWithdrawn', data: { consentId } }, '2026-03-01T08:00:00Z', owner],
    ]);

    it('keeps both in: each keeps its own records and what was shared with it before', () => {
      expect(mayAccess(withdrawn, as(receiver, '2026-03-02T00:00:00Z'))).toBe(true);
      expect(mayAccess(withdrawn, as(owner, '2026-03-02T00:00:00Z'))).toBe(true);
      expect(mayAccess(withdrawn, as(stranger, '2026-03-02T00:00:00Z'))).toBe(false);
    });

    it('keeps out an organisation whose consent had ended before anything was recorded', () => {
      const ended = fold([
        [registered(), '2026-01-01T08:00:00Z', owner],
        [
          {
            type: 'ConsentRecorded',
            data: {
              consentId,
              organisationIds: [receiver],
              purpose: 'samverkan',
              validFrom: '2025-01-01',
              validUntil: '2025-12-31',
            },
          },
          '2026-01-02T08:00:00Z',
          owner,
        ],
      ]);
      expect(mayAccess(ended, as(receiver, '2026-03-02T00:00:00Z'))).toBe(false);
    });
  });

  describe('When the participant has skyddade personuppgifter', () => {
    const state = fold([[registered(true), '2026-01-01T08:00:00Z', owner]]);

    it('needs the explicit permission, even for the registering organisation', () => {
      expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z'))).toBe(false);
      expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z', ['protected_identity']))).toBe(true);
    });
  });
});
