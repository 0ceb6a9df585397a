import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AUDIT_LOG, PostgresAuditLog } from '@samspar/access';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { participantStreamName } from '@samspar/journeys';
import { loadConfig } from '@samspar/platform';
import { KEY_VAULT, KeyVault } from '@samspar/privacy';
import { GallringJob } from './gallring.job';
import { ProjectorModule } from './projector.module';

describe('The projector’s gallring job', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-projector-'));
  let app: INestApplication;

  beforeAll(async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DATABASE_SCHEMA: 'projector_gallring',
      PRIVACY_MASTER_KEY: randomBytes(32).toString('base64'),
      PRIVACY_LOOKUP_KEY: randomBytes(32).toString('base64'),
      // Run by hand below, not on a timer.
      GALLRING_INTERVAL_HOURS: '0',
    });
    const moduleRef = await Test.createTestingModule({ imports: [ProjectorModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('clears a due participant with the projector’s keys and records it as the projector', async () => {
    const participantId = randomUUID();
    const vault = app.get<KeyVault>(KEY_VAULT);
    await app.get<EventStore>(EVENT_STORE).append(participantStreamName(participantId), [
      {
        id: randomUUID(),
        type: 'ParticipantRegistered',
        data: {
          participantId,
          organisationId: randomUUID(),
          identity: {
            kind: 'identified',
            personal: await vault.encrypt(participantId, { personnummer: '199001012385' }),
            lookupHash: 'a'.repeat(64),
          },
          attributes: { gender: 'kvinna', birthYear: 1990, newlyArrived: false, educationBand: 'isced_3_4' },
          protectedIdentity: false,
        },
        metadata: { occurredAt: new Date().toISOString(), schemaVersion: 1 },
      },
    ]);

    const job = app.get(GallringJob);
    const sixYearsOn = new Date(Date.now() + 6 * 366 * 86_400_000);
    expect((await job.runOnce(sixYearsOn)).counts).toMatchObject({ cleared: 1, participants: 1 });
    expect(await vault.isDestroyed(participantId)).toBe(true);
    expect((await job.runOnce(sixYearsOn)).counts).toMatchObject({ cleared: 0, alreadyErased: 1 });

    const entries = await app.get<PostgresAuditLog>(AUDIT_LOG).find({ userId: 'system', limit: 10 });
    expect(entries.map((entry) => [entry.endpoint, entry.participantId])).toEqual([
      ['projector gallring', null],
      ['projector gallring', null],
      ['projector gallring', participantId],
    ]);
  });
});
