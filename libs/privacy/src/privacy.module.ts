import { DynamicModule, Module } from '@nestjs/common';
import { SQL_CLIENT, SqlClient } from '@samspar/event-store';
import { KeyVault } from './key-vault';
import { LookupHasher } from './lookup-hash';
import { PrivacyKeys } from './master-keys';
import { KEY_VAULT, LOOKUP_HASHER, PSEUDONYMISER, RECORD_KEYS } from './privacy.tokens';
import { Pseudonymiser } from './pseudonym';
import { RecordKeys } from './record-keys';

export interface PrivacyModuleConfig {
  readonly keys: PrivacyKeys;
  readonly schema?: string;
}

@Module({})
export class PrivacyModule {
  static forRoot(config: PrivacyModuleConfig): DynamicModule {
    return {
      module: PrivacyModule,
      global: true,
      providers: [
        {
          provide: KEY_VAULT,
          useFactory: (sql: SqlClient) =>
            KeyVault.create({ sql, masterKey: config.keys.masterKey, ...(config.schema ? { schema: config.schema } : {}) }),
          inject: [SQL_CLIENT],
        },
        { provide: LOOKUP_HASHER, useValue: new LookupHasher(config.keys.lookupKey) },
        { provide: PSEUDONYMISER, useValue: Pseudonymiser.fromLookupKey(config.keys.lookupKey) },
        { provide: RECORD_KEYS, useValue: RecordKeys.fromLookupKey(config.keys.lookupKey) },
      ],
      exports: [KEY_VAULT, LOOKUP_HASHER, PSEUDONYMISER, RECORD_KEYS],
    };
  }
}
