import { describeWhen, postgresForTests, postgresTestSchema, usePostgres } from '@samspar/event-store/testing';
import { gallringContract } from './gallring.contract';

describeWhen(postgresForTests.available, postgresForTests.reason)('Gallring on PostgreSQL', () => {
  const url = usePostgres();
  const open = () => postgresTestSchema(url(), 'gallring');

  describe('reading the last entries from the journeys read model', () => {
    gallringContract(open, { endpoint: 'projector gallring', source: 'read-model' });
  });
  describe('scanning the log for the last entries', () => {
    gallringContract(open, { endpoint: 'projector gallring', source: 'log-scan' });
  });
});
