import { ForbiddenError, IllegalStateError, ValidationError, isUuid, dayInSweden } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import { Identity, ParticipantEvent, ParticipantState, StatisticalAttributes, participantFolding } from '../participant';
import { EDUCATION_BANDS, GENDERS } from '../vocabulary';

/**
 * Registers a participant. The caller has already protected the person: the decider never sees a
 * personnummer, a name or contact details in plain text, only what the KeyVault sealed and the lookup hash.
 */
export interface RegisterParticipant {
  readonly kind: 'RegisterParticipant';
  /** Also the KeyVault subject whose key sealed the personal data. */
  readonly participantId: string;
  readonly identity: Identity;
  readonly attributes: StatisticalAttributes;
  /** Skyddade personuppgifter: reading the participant needs an explicit permission. */
  readonly protectedIdentity: boolean;
}

export const EARLIEST_BIRTH_YEAR = 1900;
const LOOKUP_HASH = /^[0-9a-f]{64}$/;
const KOMMUNKOD = /^\d{4}$/;

// A birth year is judged by the Swedish calendar, as the personnummer is.
export function decideRegisterParticipant(
  command: RegisterParticipant,
  state: ParticipantState,
  context: CommandContext,
): ParticipantEvent[] {
  if (state.status === 'registered') {
    throw new IllegalStateError('participant-exists', 'A participant with this id is already registered');
  }
  const organisationId = context.actor.organisationId;
  if (organisationId === undefined) {
    throw new ForbiddenError('organisation-required', 'Only someone acting for an organisation can register a participant');
  }
  if (!isUuid(command.participantId)) {
    throw new ValidationError('participant-id-invalid', 'The participant id must be a UUID', 'participantId');
  }
  const identity = protectedCopy(command.identity, command.participantId);
  checkProtectedIdentity(identity, command.protectedIdentity);
  return [
    {
      type: 'ParticipantRegistered',
      data: {
        participantId: command.participantId,
        organisationId,
        identity,
        attributes: checkedAttributes(command.attributes, context.now),
        protectedIdentity: command.protectedIdentity,
      },
    },
  ];
}

/** Copied field by field, so that nothing but sealed data and the hash can reach the event. */
function protectedCopy(identity: Identity, participantId: string): Identity {
  if (identity.kind === 'anonymous') {
    if (identity.reason !== 'no_consent' && identity.reason !== 'protected_identity') {
      throw new ValidationError(
        'anonymous-reason-invalid',
        'An anonymous registration is for no consent or a protected identity',
        'identity.reason',
      );
    }
    return { kind: 'anonymous', reason: identity.reason };
  }
  const { alg, kid, iv, tag, ct } = identity.personal;
  // Gallring destroys the participant's key; data sealed under any other key would survive it.
  if (typeof kid !== 'string' || kid.toLowerCase() !== participantId.toLowerCase()) {
    throw new ValidationError(
      'sealed-for-another-participant',
      "The personal data must be sealed with the participant's own key",
      'identity.personal.kid',
    );
  }
  // Anything but a keyed hash here could be the personnummer itself.
  if (typeof identity.lookupHash !== 'string' || !LOOKUP_HASH.test(identity.lookupHash)) {
    throw new ValidationError('lookup-hash-invalid', 'The lookup hash must be an HMAC-SHA256 in hex', 'identity.lookupHash');
  }
  return { kind: 'identified', personal: { alg, kid, iv, tag, ct }, lookupHash: identity.lookupHash };
}

function checkProtectedIdentity(identity: Identity, protectedIdentity: boolean): void {
  const anonymousForProtection = identity.kind === 'anonymous' && identity.reason === 'protected_identity';
  if (protectedIdentity && !anonymousForProtection) {
    throw new ValidationError(
      'protected-identity-must-be-anonymous',
      'A participant with skyddade personuppgifter is registered anonymously, for that reason',
      'protectedIdentity',
    );
  }
  // Otherwise the access check that protected identities need would be skipped for this participant.
  if (!protectedIdentity && anonymousForProtection) {
    throw new ValidationError(
      'protected-identity-must-be-flagged',
      'An anonymous registration for a protected identity must mark the participant as protected',
      'protectedIdentity',
    );
  }
}

function checkedAttributes(attributes: StatisticalAttributes, now: string): StatisticalAttributes {
  const { gender, birthYear, newlyArrived, educationBand, homeMunicipality } = attributes;
  if (!GENDERS.includes(gender)) {
    throw new ValidationError('gender-invalid', `Gender is one of ${GENDERS.join(', ')}`, 'attributes.gender');
  }
  const thisYear = Number(dayInSweden(now).slice(0, 4));
  if (!Number.isInteger(birthYear) || birthYear < EARLIEST_BIRTH_YEAR || birthYear > thisYear) {
    throw new ValidationError(
      'birth-year-invalid',
      `The birth year must be from ${EARLIEST_BIRTH_YEAR} to ${thisYear}`,
      'attributes.birthYear',
    );
  }
  if (typeof newlyArrived !== 'boolean') {
    throw new ValidationError('newly-arrived-invalid', 'Newly arrived is yes or no', 'attributes.newlyArrived');
  }
  if (!EDUCATION_BANDS.includes(educationBand)) {
    throw new ValidationError(
      'education-band-invalid',
      `The education band is one of ${EDUCATION_BANDS.join(', ')}`,
      'attributes.educationBand',
    );
  }
  if (homeMunicipality !== undefined && !KOMMUNKOD.test(homeMunicipality)) {
    throw new ValidationError(
      'home-municipality-invalid',
      'The home municipality is a kommunkod of 4 digits',
      'attributes.homeMunicipality',
    );
  }
  return { gender, birthYear, newlyArrived, educationBand, ...(homeMunicipality !== undefined ? { homeMunicipality } : {}) };
}

export const registerParticipantDecider: StreamDecider<RegisterParticipant, ParticipantEvent, ParticipantState> = {
  ...participantFolding,
  decide: decideRegisterParticipant,
};
