import { IllegalStateError, NotFoundError } from '@samspar/kernel';
import { CommandContext, StreamDecider } from '../command-handling';
import {
  assertAdmin,
  assertCatalogueKeeper,
  checkedName,
  evolveOrganisation,
  initialOrganisationState,
  OrganisationEvent,
  OrganisationState,
} from '../organisation';

export interface AddUnit {
  readonly kind: 'AddUnit';
  readonly organisationId: string;
  /** Chosen by the client, so that a retry cannot add the unit twice. */
  readonly unitId: string;
  readonly name: string;
}

/** Without case and surrounding space, so that "Jobbtorget" and "jobbtorget " are one name to a caseworker. */
const sameName = (a: string, b: string): boolean => a.toLocaleLowerCase('sv-SE') === b.toLocaleLowerCase('sv-SE');

export function decideAddUnit(command: AddUnit, state: OrganisationState, context: CommandContext): OrganisationEvent[] {
  assertAdmin(context, 'add a unit');
  const name = checkedName(command.name);
  if (state.status !== 'registered') {
    throw new NotFoundError('organisation-not-found', `Organisation ${command.organisationId} is not registered`);
  }
  assertCatalogueKeeper(context, command.organisationId, 'add its units');
  if (state.units[command.unitId]) {
    throw new IllegalStateError('unit-exists', `Unit ${command.unitId} is already added`);
  }
  if (Object.values(state.units).some((unit) => sameName(unit.name, name))) {
    throw new IllegalStateError('unit-name-taken', `The organisation already has a unit named ${name}`, 'name');
  }
  return [{ type: 'UnitAdded', data: { unitId: command.unitId, name } }];
}

export const addUnitDecider: StreamDecider<AddUnit, OrganisationEvent, OrganisationState> = {
  initialState: initialOrganisationState,
  evolve: evolveOrganisation,
  decide: decideAddUnit,
};
