import { IllegalStateError, ValidationError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import {
  assertSystemAdmin,
  checkedName,
  evolveOrganisation,
  initialOrganisationState,
  OrganisationEvent,
  OrganisationState,
} from '../organisation';
import { DEFAULT_REFERRAL_DEADLINE_DAYS, ORGANISATION_KINDS, OrganisationKind } from '../vocabulary';

export interface RegisterOrganisation {
  readonly kind: 'RegisterOrganisation';
  /** Chosen by the client, so that a retry cannot register the organisation twice. */
  readonly organisationId: string;
  readonly name: string;
  readonly organisationKind: OrganisationKind;
  /** Kommunkod, 4 digits. */
  readonly municipalityCode: string;
  /** Defaults to DEFAULT_REFERRAL_DEADLINE_DAYS. */
  readonly referralDeadlineDays?: number;
}

export const MUNICIPALITY_CODE = /^\d{4}$/;
export const REFERRAL_DEADLINE_DAYS_MIN = 1;
export const REFERRAL_DEADLINE_DAYS_MAX = 365;

export function decideRegisterOrganisation(
  command: RegisterOrganisation,
  state: OrganisationState,
  context: CommandContext,
): OrganisationEvent[] {
  assertSystemAdmin(context, 'register an organisation');
  const name = checkedName(command.name);
  if (!(ORGANISATION_KINDS as readonly string[]).includes(command.organisationKind)) {
    throw new ValidationError('organisation-kind-unknown', `Unknown organisation kind ${command.organisationKind}`, 'kind');
  }
  if (!MUNICIPALITY_CODE.test(command.municipalityCode)) {
    throw new ValidationError('municipality-code-invalid', 'municipalityCode is a kommunkod of 4 digits', 'municipalityCode');
  }
  const referralDeadlineDays = command.referralDeadlineDays ?? DEFAULT_REFERRAL_DEADLINE_DAYS;
  if (
    !Number.isInteger(referralDeadlineDays) ||
    referralDeadlineDays < REFERRAL_DEADLINE_DAYS_MIN ||
    referralDeadlineDays > REFERRAL_DEADLINE_DAYS_MAX
  ) {
    throw new ValidationError(
      'referral-deadline-days-out-of-range',
      `referralDeadlineDays must be a whole number of days, ${REFERRAL_DEADLINE_DAYS_MIN}–${REFERRAL_DEADLINE_DAYS_MAX}`,
      'referralDeadlineDays',
    );
  }
  if (state.status !== 'unregistered') {
    throw new IllegalStateError('organisation-exists', `Organisation ${command.organisationId} is already registered`);
  }
  return [
    {
      type: 'OrganisationRegistered',
      data: {
        organisationId: command.organisationId,
        name,
        kind: command.organisationKind,
        municipalityCode: command.municipalityCode,
        referralDeadlineDays,
      },
    },
  ];
}

export const registerOrganisationDecider: StreamDecider<RegisterOrganisation, OrganisationEvent, OrganisationState> = {
  initialState: initialOrganisationState,
  evolve: evolveOrganisation,
  decide: decideRegisterOrganisation,
};
