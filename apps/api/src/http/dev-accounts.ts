import { DevAccounts, ROLES } from '@samspar/access';
import { DEFAULT_DEMO_SEED, demoRegion } from '@samspar/demo-data';

/**
 * The development sign-in page's choices: the demo region of `npm run demo:generate` with its default seed, whose
 * ids are the same on every run, so signing in as one of its caseworkers shows that caseworker's journeys.
 */
export function demoAccounts(): () => DevAccounts {
  let accounts: DevAccounts | undefined;
  return () => {
    accounts ??= {
      roles: ROLES,
      organisations: demoRegion(DEFAULT_DEMO_SEED, new Date()).organisations.map((organisation) => ({
        organisationId: organisation.organisationId,
        name: organisation.name,
        kind: organisation.kind,
        municipalityCode: organisation.municipalityCode,
        units: organisation.units,
        caseworkers: organisation.caseworkers,
      })),
    };
    return accounts;
  };
}
