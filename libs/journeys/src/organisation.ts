import { ForbiddenError, ValidationError } from '@samspar/kernel';
import { CommandContext } from './command-handling';
import { StampedEvent } from './participant';
import { OrganisationKind } from './vocabulary';

/** One stream per organisation: its registration and its units. */
export const organisationStreamName = (organisationId: string): string => `organisation-${organisationId}`;
export const ORGANISATION_CATEGORY = 'organisation';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Data };

export type OrganisationEvent =
  | Event<
      'OrganisationRegistered',
      {
        organisationId: string;
        name: string;
        kind: OrganisationKind;
        /** Kommunkod, 4 digits. */
        municipalityCode: string;
        /** Days a referral to this organisation may wait for an answer before it expires. */
        referralDeadlineDays: number;
      }
    >
  | Event<'UnitAdded', { unitId: string; name: string }>;

export type OrganisationEventType = OrganisationEvent['type'];

export interface Unit {
  readonly unitId: string;
  readonly name: string;
  readonly addedAt: string;
}

export type OrganisationState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly organisationId: string;
      readonly name: string;
      readonly kind: OrganisationKind;
      readonly municipalityCode: string;
      readonly referralDeadlineDays: number;
      readonly registeredAt: string;
      readonly units: Readonly<Record<string, Unit>>;
    };

export type RegisteredOrganisation = Extract<OrganisationState, { status: 'registered' }>;

export const initialOrganisationState: OrganisationState = { status: 'unregistered' };

export function evolveOrganisation(state: OrganisationState, event: StampedEvent<OrganisationEvent>): OrganisationState {
  switch (event.type) {
    case 'OrganisationRegistered':
      return { status: 'registered', ...event.data, registeredAt: event.occurredAt, units: {} };
    case 'UnitAdded': {
      if (state.status !== 'registered') return state;
      const { unitId, name } = event.data;
      return { ...state, units: { ...state.units, [unitId]: { unitId, name, addedAt: event.occurredAt } } };
    }
    default: {
      // Unknown types are ignored, so that old code folds newer streams.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** The catalogue (organisations, units and tracks) is kept by admins alone. */
export function assertAdmin(context: CommandContext, action: string): void {
  if (context.actor.role !== 'admin') throw new ForbiddenError('admin-only', `Only an admin may ${action}`);
}

const isSystemAdmin = (context: CommandContext): boolean =>
  context.actor.role === 'admin' && (context.permissions ?? []).includes('system_admin');

/** The region's list of organisations is kept by a system admin, so no nämnd can add itself or another. */
export function assertSystemAdmin(context: CommandContext, action: string): void {
  assertAdmin(context, action);
  if (!isSystemAdmin(context)) {
    throw new ForbiddenError('system-admin-only', `Only a system admin may ${action}`);
  }
}

/** An admin keeps the catalogue entries of the organisation they act for; a system admin keeps any. */
export function assertCatalogueKeeper(context: CommandContext, ownerOrganisationId: string, action: string): void {
  assertAdmin(context, action);
  if (isSystemAdmin(context)) return;
  if (context.actor.organisationId?.toLowerCase() !== ownerOrganisationId.toLowerCase()) {
    throw new ForbiddenError(
      'not-record-owner',
      `Only an admin of organisation ${ownerOrganisationId}, or a system admin, may ${action}`,
    );
  }
}

export const NAME_MAX_LENGTH = 200;

/** A catalogue name, trimmed: people pick from these in lists, so blank or padded names would mislead. */
export function checkedName(name: string, field = 'name'): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > NAME_MAX_LENGTH) {
    throw new ValidationError('name-length', `${field} must be 1–${NAME_MAX_LENGTH} characters`, field);
  }
  return trimmed;
}
