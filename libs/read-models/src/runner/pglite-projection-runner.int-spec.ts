import { PGliteSqlClient } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { projectionRunnerContract } from '../testing/projection-runner.contract';

describe('The projection runner on PGlite', () => {
  projectionRunnerContract(async () => {
    const sql = await PGliteSqlClient.open();
    return { sql, schema: uniqueSchema('rm'), close: () => sql.close() };
  });
});
