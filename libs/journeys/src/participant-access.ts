import { ValidationError } from '@samspar/kernel';
import { ParticipantState } from './participant';

export {
  PROTECTED_IDENTITY_PERMISSION,
  journeyNotFound,
  mayAccess,
  participantNotFound,
  referralNotFound,
  visibleParticipant,
} from './sharing/record-access';

export const PURPOSE_HEADER = 'X-Purpose';

/**
 * Skyddade personuppgifter: even a caller with the permission says why they read the record. The
 * purpose goes to the audit log; this refuses (400) a read of a protected participant without one.
 */
export function requirePurposeForProtected(state: ParticipantState, purpose: string | undefined): void {
  if (state.status === 'registered' && state.protectedIdentity && !purpose?.trim()) {
    throw new ValidationError(
      'purpose-required',
      `This participant has skyddade personuppgifter: say why you read the record in the ${PURPOSE_HEADER} header.`,
      PURPOSE_HEADER,
    );
  }
}
