import { IllegalStateError, ValidationError, isUuid } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { ParticipantEvent, ParticipantState, participantFolding } from '../participant';
import { registeredParticipant } from '../participant-steps';
import { onVisibleParticipant } from '../sharing/record-access';

/** The participant's samtycke (OSL 12:2) to share information between the named organisations. */
export interface RecordConsent {
  readonly kind: 'RecordConsent';
  /** Names the stream. */
  readonly participantId: string;
  readonly consentId: string;
  readonly organisationIds: readonly string[];
  /** A code-like text such as `dua_samverkan`; the consent form itself stays in the organisation's records. */
  readonly purpose: string;
  /** First day the consent covers, `YYYY-MM-DD`. */
  readonly validFrom: string;
  /** Last day the consent covers, `YYYY-MM-DD`; open-ended when absent. */
  readonly validUntil?: string;
}

export const PURPOSE_MAX_LENGTH = 200;
// Letters, digits and a few separators: enough for a code or a short title, not for an e-mail address.
export const PURPOSE_PATTERN = /^[\p{L}\p{N}_.:/()-][\p{L}\p{N} _.:/()-]*$/u;
// Six digits in a row look like a personnummer or a phone number.
const DIGIT_RUN = /\d{6}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function decideRecordConsent(
  command: RecordConsent,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  const participant = registeredParticipant(state, context);
  // An anonymous participant may still give consent later (registered for 'no_consent' before they were asked).
  // Recording it shares nothing by itself: referrals stay refused while the participant is anonymous.
  if (participant.consents[command.consentId] !== undefined) {
    throw new IllegalStateError('consent-exists', 'A consent with this id is already recorded');
  }
  const organisationIds = [...command.organisationIds];
  if (
    organisationIds.length === 0 ||
    !organisationIds.every(isUuid) ||
    new Set(organisationIds).size !== organisationIds.length
  ) {
    throw new ValidationError(
      'consent-organisations-invalid',
      'A consent names one or more organisations, each once, by id',
      'organisationIds',
    );
  }
  checkPurpose(command.purpose);
  checkDay(command.validFrom, 'validFrom');
  if (command.validUntil !== undefined) {
    checkDay(command.validUntil, 'validUntil');
    if (command.validUntil < command.validFrom) {
      throw new ValidationError('consent-period-invalid', 'A consent cannot end before it starts', 'validUntil');
    }
  }
  return [
    {
      type: 'ConsentRecorded',
      data: {
        consentId: command.consentId,
        organisationIds,
        purpose: command.purpose,
        validFrom: command.validFrom,
        ...(command.validUntil !== undefined ? { validUntil: command.validUntil } : {}),
      },
    },
  ];
}

function checkPurpose(purpose: string): void {
  if (
    typeof purpose !== 'string' ||
    purpose.length > PURPOSE_MAX_LENGTH ||
    !PURPOSE_PATTERN.test(purpose) ||
    DIGIT_RUN.test(purpose)
  ) {
    throw new ValidationError(
      'consent-purpose-invalid',
      `The purpose is a code or short title of 1 to ${PURPOSE_MAX_LENGTH} letters, digits and _ . : / ( ) -, without personal data`,
      'purpose',
    );
  }
}

function checkDay(day: string, field: string): void {
  const time = typeof day === 'string' && DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  // A date that does not survive the round trip (2026-02-30) is not in the calendar.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
    throw new ValidationError('consent-date-invalid', `${field} must be a date in the calendar, YYYY-MM-DD`, field);
  }
}

/** As it runs: who may record it is decided first, by the sharing rule (sharing/record-access.ts). */
export const recordConsentDecider: StreamDecider<RecordConsent, ParticipantEvent, ParticipantState> = onVisibleParticipant({
  ...participantFolding,
  decide: decideRecordConsent,
});
