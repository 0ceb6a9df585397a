import { useQuery } from '@tanstack/react-query';
import { listOrganisations, listTracks } from './client';
import type { OrganisationDto, TrackDto } from './client';

const PAGE = 200;

/** Every page of a catalogue list: the catalogue is small (organisations and tracks of a region). */
async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return items;
}

/** The organisations of the catalogue, kept for the session: names change rarely. */
export function useOrganisations() {
  return useQuery({
    queryKey: ['catalogue', 'organisations'],
    queryFn: () =>
      allPages<OrganisationDto>(
        async (cursor) => (await listOrganisations({ query: { limit: PAGE, ...(cursor ? { cursor } : {}) } })).data!,
      ),
    staleTime: 5 * 60_000,
  });
}

export function useTracks() {
  return useQuery({
    queryKey: ['catalogue', 'tracks'],
    queryFn: () =>
      allPages<TrackDto>(async (cursor) => (await listTracks({ query: { limit: PAGE, ...(cursor ? { cursor } : {}) } })).data!),
    staleTime: 5 * 60_000,
  });
}

/** Organisation names by id from the catalogue; a short id until it has come. */
export function useOrganisationNames(): (id: string) => string {
  const organisations = useOrganisations();
  const names = new Map((organisations.data ?? []).map((each) => [each.organisationId, each.name]));
  return (id) => names.get(id) ?? `${id.slice(0, 8)}…`;
}
