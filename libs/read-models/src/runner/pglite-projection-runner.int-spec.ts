import { uniqueSchema, usePGlite } from '@samspar/event-store/testing';
import { projectionRunnerContract } from '../testing/projection-runner.contract';

describe('The projection runner on PGlite', () => {
  // One database for the file; each test has a schema of its own.
  const sql = usePGlite();
  projectionRunnerContract(async () => ({ sql: sql(), schema: uniqueSchema('rm'), close: async () => undefined }));
});
