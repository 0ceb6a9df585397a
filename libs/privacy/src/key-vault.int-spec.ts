import { PGliteSqlClient } from '@samspar/event-store';
import { keyVaultContract } from './testing/key-vault.contract';

describe('KeyVault on PGlite', () => {
  keyVaultContract(async () => {
    const sql = await PGliteSqlClient.open();
    return { sql, schema: 'samspar', close: () => sql.close() };
  });
});
