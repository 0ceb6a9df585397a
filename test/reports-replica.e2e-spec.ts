import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Principal } from '@samspar/access';
import { ThrowawayCluster, describeWhen, whyNoThrowawayCluster } from '@samspar/event-store/testing';
import { RunningApi, startApi } from './support/start-api';

const why = whyNoThrowawayCluster();

async function one<Row>(url: string, text: string): Promise<Row> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows[0] as Row;
  } finally {
    await client.end();
  }
}

/**
 * Reports and lists from a hot standby (REPORTS_DATABASE_URL): a primary and its standby made here with initdb and
 * pg_basebackup, the api on the primary with its reads on the standby.
 */
describeWhen(!why, why ?? '')('When reports read from a hot standby', () => {
  jest.setTimeout(300_000);
  let primary: ThrowawayCluster;
  let standby: ThrowawayCluster;
  let api: RunningApi;
  const organisationId = randomUUID();
  const admin: Principal = { userId: 'admin', role: 'admin', organisationIds: [organisationId], permissions: ['system_admin'] };
  const lags: number[] = [];

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await api.token(admin)}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { position: string };
  };
  const organisations = async (query: string) =>
    fetch(`${api.baseUrl}/api/v1/organisations?${query}`, { headers: { authorization: `Bearer ${await api.token(admin)}` } });

  beforeAll(async () => {
    primary = await ThrowawayCluster.start();
    standby = await primary.standby();
    api = await startApi({ DATABASE_URL: primary.url, REPORTS_DATABASE_URL: standby.url, RATE_LIMIT_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await api?.stop();
    await standby?.stop();
    await primary?.stop();
    if (lags.length > 0) {
      const sorted = [...lags].sort((a, b) => a - b);
      writeFileSync(
        join(__dirname, '..', 'bench', 'results', 'replica.json'),
        `${JSON.stringify(
          {
            what: 'ms from a command answered by the primary until the read model on the standby has its position (read-your-writes)',
            commands: lags.length,
            p50Ms: sorted[Math.floor(sorted.length / 2)],
            maxMs: sorted[sorted.length - 1],
          },
          null,
          2,
        )}\n`,
      );
    }
  });

  it('is a standby, and the reports connection is on it', async () => {
    expect(await one<{ recovery: boolean }>(standby.url, 'SELECT pg_is_in_recovery() AS recovery')).toEqual({ recovery: true });
    await (await organisations('limit=1')).arrayBuffer();
    const { n } = await one<{ n: number }>(
      standby.url,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'samspar-reports'",
    );
    expect(n).toBeGreaterThan(0);
  });

  it('reads its own writes through the standby: each command with minPosition, at once', async () => {
    for (let i = 0; i < 20; i++) {
      const id = i === 0 ? organisationId : randomUUID();
      const answered = Date.now();
      const { position } = await post('/api/v1/organisations', {
        organisationId: id,
        name: `Replikaorganisation ${i}`,
        kind: 'labour_market_unit',
        municipalityCode: '0484',
      });
      const response = await organisations(`name=Replikaorganisation%20${i}&minPosition=${position}&waitMs=10000`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: { organisationId: string }[] };
      expect(body.items.map((item) => item.organisationId)).toEqual([id]);
      lags.push(Date.now() - answered);
    }
  });

  it('answers 503 read-model-behind while the standby lags past the wait, and the same read succeeds once it catches up', async () => {
    await one(standby.url, 'SELECT pg_wal_replay_pause()');
    let position: string;
    try {
      const id = randomUUID();
      ({ position } = await post('/api/v1/organisations', {
        organisationId: id,
        name: 'Pausad replika',
        kind: 'adult_education',
        municipalityCode: '0484',
      }));
      const behind = await organisations(`name=Pausad&minPosition=${position}&waitMs=300`);
      expect(behind.status).toBe(503);
      expect(((await behind.json()) as { type: string }).type).toMatch(/read-model-behind$/);
    } finally {
      await one(standby.url, 'SELECT pg_wal_replay_resume()');
    }
    const caughtUp = await organisations(`name=Pausad&minPosition=${position}&waitMs=10000`);
    expect(caughtUp.status).toBe(200);
    expect(((await caughtUp.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('serves a report from the standby', async () => {
    const response = await fetch(`${api.baseUrl}/api/v1/reports/caseload?organisationId=${organisationId}`, {
      headers: { authorization: `Bearer ${await api.token({ ...admin, role: 'manager', permissions: [] })}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-read-model-position')).toMatch(/^\d+:\d+$/);
  });
});
