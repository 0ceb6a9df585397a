import { useQuery } from '@tanstack/react-query';
import { listDevelopmentAccounts } from './client';
import type { DevAccounts } from './views';
import { currentSession } from '../auth/session';

/**
 * Organisation names by id. GET /api/v1/organisations is not there yet, so in development the demo region's
 * list gives them; elsewhere the pages show a short id until the catalogue read is merged.
 */
export function useOrganisationNames(): (id: string) => string {
  const development = currentSession()?.mode === 'development';
  const accounts = useQuery({
    queryKey: ['dev-accounts'],
    queryFn: async () => (await listDevelopmentAccounts()).data as DevAccounts,
    staleTime: Infinity,
    enabled: development,
  });
  const names = new Map((accounts.data?.organisations ?? []).map((each) => [each.organisationId, each.name]));
  return (id) => names.get(id) ?? `${id.slice(0, 8)}…`;
}
