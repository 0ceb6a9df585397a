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

function fold(events: Array<[ParticipantEvent, string]>): ParticipantState {
  return events.reduce((state, [event, at]) => evolveParticipant(state, happened(event, at)), initialParticipantState);
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

const consented: Array<[ParticipantEvent, string]> = [
  [registered(), '2026-01-01T08:00:00Z'],
  [
    {
      type: 'ConsentRecorded',
      data: { consentId, organisationIds: [receiver], purpose: 'samverkan', validFrom: '2026-01-01', validUntil: '2026-12-31' },
    },
    '2026-01-02T08:00:00Z',
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
  ],
];

describe('Who may see a participant', () => {
  it('lets the registering organisation in, and nobody else', () => {
    const state = fold([[registered(), '2026-01-01T08:00:00Z']]);
    expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z'))).toBe(true);
    expect(mayAccess(state, as(stranger, '2026-01-05T00:00:00Z'))).toBe(false);
  });

  it('does not let the receiver in while the referral is unanswered', () => {
    expect(mayAccess(fold(consented), as(receiver, '2026-01-05T00:00:00Z'))).toBe(false);
  });

  describe('When the receiver accepted the referral under a consent', () => {
    const accepted = fold([...consented, [{ type: 'ReferralAccepted', data: { referralId } }, '2026-01-04T08:00:00Z']]);

    it('lets the receiver in while the consent is valid', () => {
      expect(mayAccess(accepted, as(receiver, '2026-06-01T00:00:00Z'))).toBe(true);
    });

    it('shuts the receiver out after the consent ends', () => {
      expect(mayAccess(accepted, as(receiver, '2027-01-01T00:00:00Z'))).toBe(false);
    });

    it('shuts the receiver out after the consent is withdrawn', () => {
      const withdrawn = fold([
        ...consented,
        [{ type: 'ReferralAccepted', data: { referralId } }, '2026-01-04T08:00:00Z'],
        [{ type: 'ConsentWithdrawn', data: { consentId } }, '2026-03-01T08:00:00Z'],
      ]);
      expect(mayAccess(withdrawn, as(receiver, '2026-02-01T00:00:00Z'))).toBe(true);
      expect(mayAccess(withdrawn, as(receiver, '2026-03-02T00:00:00Z'))).toBe(false);
      expect(mayAccess(withdrawn, as(owner, '2026-03-02T00:00:00Z'))).toBe(true);
    });

    it('shuts the receiver out after the withdrawal even when it runs a journey', () => {
      const journeyId = randomUUID();
      const withdrawn = fold([
        ...consented,
        [{ type: 'ReferralAccepted', data: { referralId } }, '2026-01-04T08:00:00Z'],
        [{ type: 'JourneyOpened', data: { journeyId, organisationId: receiver } }, '2026-01-05T08:00:00Z'],
        [{ type: 'ConsentWithdrawn', data: { consentId } }, '2026-03-01T08:00:00Z'],
      ]);
      expect(mayAccess(withdrawn, as(receiver, '2026-02-01T00:00:00Z'))).toBe(true);
      expect(mayAccess(withdrawn, as(receiver, '2026-03-02T00:00:00Z'))).toBe(false);
    });
  });

  describe('When the participant has skyddade personuppgifter', () => {
    const state = fold([[registered(true), '2026-01-01T08:00:00Z']]);

    it('needs the explicit permission, even for the registering organisation', () => {
      expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z'))).toBe(false);
      expect(mayAccess(state, as(owner, '2026-01-05T00:00:00Z', ['protected_identity']))).toBe(true);
    });
  });
});
