import { PGliteSqlClient } from '@samspar/event-store';
import { uniqueSchema } from '@samspar/event-store/testing';
import { auditLogContract } from './audit-log.contract';

describe('The audit log on PGlite', () => {
  auditLogContract(async () => {
    const sql = await PGliteSqlClient.open();
    return { sql, schema: uniqueSchema('audit'), close: () => sql.close() };
  });
});
