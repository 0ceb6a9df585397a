import { describeWhen, postgresForTests, postgresTestSchema, usePostgres } from '@samspar/event-store/testing';
import { projectionRunnerContract } from '../testing/projection-runner.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('The projection runner on PostgreSQL', () => {
  const url = usePostgres();
  projectionRunnerContract(() => postgresTestSchema(url(), 'rm'));
});
