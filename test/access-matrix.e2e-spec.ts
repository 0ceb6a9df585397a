import { AccessMatrix, MatrixResult, summarise } from './support/access-matrix';
import { operationsOf } from './support/openapi';
import { RunningApi, startApi } from './support/start-api';

/**
 * Who may call what, over real HTTP on the whole api: every operation of the OpenAPI document × owner,
 * consented, withdrawn, unrelated and other-municipality organisation × every role and none, each answer as
 * the operation's published roles and access rule, with the sharing rule over the stored events, say.
 */
describe('The access matrix', () => {
  let api: RunningApi;
  let result: MatrixResult;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '0' });
    const matrix = new AccessMatrix(api);
    await matrix.prepare();
    result = await matrix.run();
    process.stdout.write(`Access matrix on ${api.usesPostgres ? 'PostgreSQL' : 'PGlite'}: ${summarise(result)}\n`);
  }, 600_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('covers every operation that needs a sign-in, with every caller and role', () => {
    expect(result.operations).toBeGreaterThanOrEqual(40);
    expect(result.cases).toHaveLength(result.operations * result.callers * result.roles);
  });

  it('answers each case as the rule says', () => {
    expect(result.failures).toEqual([]);
  });

  it('both lets through and refuses, on every ground the rules name', () => {
    const rules = new Set(result.cases.map((each) => (each.expected.kind === 'refused' ? each.expected.rule : 'allowed')));
    for (const rule of [
      'allowed',
      'unauthenticated',
      'role-not-allowed',
      'participant-not-found',
      'journey-not-found',
      'referral-not-found',
      'not-record-owner',
      'not-receiver',
      'not-sender',
      'not-your-organisation',
      'system-admin-only',
    ]) {
      expect(rules).toContain(rule);
    }
  });

  it('leaves out only the routes published as public: the web app’s sign-in, and the metrics Prometheus scrapes', async () => {
    const published = (await operationsOf(api.baseUrl)).filter((operation) => operation.public).map((operation) => operation.id);
    expect(published.sort()).toEqual([
      'GET /api/v1/sign-in/config',
      'GET /api/v1/sign-in/development/accounts',
      'GET /metrics',
      'POST /api/v1/sign-in/development/token',
    ]);
  });

  it('answers a hidden record as it answers an unknown id', () => {
    expect(result.hidden).toBeGreaterThan(20);
    expect(result.unknownCompared).toBe(result.hidden);
  });
});
