import { startJourneysApi } from '@samspar/journeys/testing';
import type { JourneysApi } from '@samspar/journeys/testing';
import { ReadModelsModule } from '../read-models.module';

/**
 * The api as it runs by default: commands, and the read models projected in process, with real tokens;
 * PostgreSQL when DATABASE_URL is set, else PGlite.
 */
export function startReportsApi(options: { schema?: string } = {}): Promise<JourneysApi> {
  return startJourneysApi({
    ...options,
    imports: (schema) => [ReadModelsModule.forRoot({ schema, runProjections: true, http: true })],
  });
}
