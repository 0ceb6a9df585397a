import { PGliteSqlClient } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { gallringContract } from './gallring.contract';
import type { GallringEnvironment } from './gallring.contract';

// A database of its own per contract run: closing it drops everything, the read models' schemas too.
async function open(): Promise<GallringEnvironment> {
  const sql = await PGliteSqlClient.open();
  return { sql, schema: uniqueSchema('gallring'), close: () => sql.close() };
}

describe('Gallring on PGlite', () => {
  describe('reading the last entries from the journeys read model', () => {
    gallringContract(open, { endpoint: 'cli gallring', source: 'read-model' });
  });
  describe('scanning the log for the last entries', () => {
    gallringContract(open, { endpoint: 'cli gallring', source: 'log-scan' });
  });
});
