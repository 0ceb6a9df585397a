import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { PGliteSqlClient, PostgresEventStore } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { ParticipantRegistry } from '@samspar/journeys';
import type { RecordedEvent } from '@samspar/kernel';
import { KeyVault, LookupHasher, RecordKeys } from '@samspar/privacy';
import { generateDemoData } from '@samspar/demo-data';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { entryProfileReport } from '../entry-profile/entry-profile.query';
import { outcomesReport } from '../outcomes/outcomes.query';
import { REGION, regionEvents } from '../outcomes/outcomes.fixture';
import { referralsReceivedReport } from '../referral-flows/referral-flows.query';
import { knownAsOf } from '../as-of/as-of-build';
import { ProjectionHarness } from '../testing/projection-harness';
import { journeyFactsProjection } from '../testing/test-projections';
import { journeyFactsProjection as withRecordKeys } from '../journey-facts/journey-facts.projection';
import type { Projection } from '../runner/projection';
import { TRUE_COUNTS, solve } from '../testing/disclosure-attacker';
import type { Equation, Published } from '../testing/disclosure-attacker';
import { PUBLISHED } from './disclosure';
import type { Disclosure } from './disclosure';
import type { Dimension } from './dimensions';
import type { Report } from './report';
import type { ReportFilters } from './report-filters';
import type { Figure } from './suppression';

/**
 * The attack suite of issue 15: every way a caller can combine answers to get a hidden count back, run against the
 * demo region and the hand-made region of outcomes.fixture.ts. An attacker knows the rules and the published
 * perturbation table, not the record keys; it "recovers" a value when its bounds pin it to one number. The goal is
 * 0. Utility: the mean absolute difference between published and true counts of 5 or more, and the hidden cells.
 * The figures go to bench/results/disclosure.json.
 */

const DEMO_PARTICIPANTS = 1_500;
/** The hand-made region is attacked under this many independent sets of record keys: one draw could be lucky. */
const KEY_SETS = 8;
const DEMO_NOW = new Date('2026-05-04T00:00:00Z');

type ReportName = 'outcomes' | 'entry-profile' | 'referrals-received';
type Table = Map<string, Record<string, Figure>>;

const OUTCOME_COUNTS = [
  'started',
  'activeAtTo',
  'ended',
  'exitCohort',
  'workOrStudiesAtExit',
  'immediateEmployed',
  'immediateEducation',
  'immediateJobSeeking',
  'immediateInactive',
  'immediateUnknown',
  'followUp90dDue',
  'followUp90dRecorded',
  'workOrStudies90d',
  'followUp6mDue',
  'followUp6mRecorded',
  'workOrStudies6m',
  'leftToWork6mDue',
  'fellBack6m',
  'leftToWork12mDue',
  'fellBack12m',
];
const REFERRAL_COUNTS = ['received', 'accepted', 'declined', 'withdrawn', 'expired', 'pending'];
const MEASURES: Record<ReportName, readonly string[]> = {
  outcomes: OUTCOME_COUNTS,
  'entry-profile': ['count'],
  'referrals-received': REFERRAL_COUNTS,
};
const BREAKDOWNS: readonly Dimension[] = ['gender', 'ageBand', 'newlyArrived', 'educationBand'];
const GENDERS = ['kvinna', 'man', 'annat'];

/** A row's group (what a total and its breakdown share) and part (the breakdown value, `all` for a total). */
function rowKey(report: ReportName, row: Report['rows'][number], filters: ReportFilters): [string, string] {
  if (report === 'outcomes') return [String(row['trackId']), String(row['breakdown'])];
  if (report === 'entry-profile') return [`${String(row['dimension'])}|${String(row['value'])}`, String(row['breakdown'])];
  return [String(row['organisationId']), filters.breakdown ? String(row[filters.breakdown]) : 'all'];
}

interface Answer {
  readonly published: Table;
  readonly truth: Table;
}

/** One cohort's read models, and every answer asked of them, published and true. */
class Cohort {
  private readonly answers = new Map<string, Promise<Answer>>();
  readonly equations: Equation[] = [];
  /** Every count cell seen, published and true, once per question. */
  readonly cells = new Map<string, { published: Figure; truth: number }>();

  constructor(
    readonly name: string,
    private readonly harness: ProjectionHarness,
    readonly base: ReportFilters,
    private readonly now: Date,
  ) {}

  ask(report: ReportName, filters: ReportFilters): Promise<Answer> {
    const key = `${report} ${JSON.stringify(filters)} ${this.now.toISOString()}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.run(report, filters, key);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private async run(report: ReportName, filters: ReportFilters, key: string): Promise<Answer> {
    const run = (disclosure: Disclosure) => {
      const { sql, reportTables } = this.harness;
      if (report === 'outcomes') return outcomesReport(sql, reportTables, filters, this.now, disclosure);
      if (report === 'entry-profile') return entryProfileReport(sql, reportTables, filters, this.now, disclosure);
      return referralsReceivedReport(sql, reportTables, filters, this.now, disclosure);
    };
    const table = (answer: Report): Table => {
      const rows: Table = new Map();
      for (const row of answer.rows) {
        const [group, part] = rowKey(report, row, filters);
        rows.set(`${group}\u0000${part}`, Object.fromEntries(MEASURES[report].map((m) => [m, row[m] as Figure])));
      }
      return rows;
    };
    const [published, truth] = [table(await run(PUBLISHED)), table(await run(TRUE_COUNTS))];
    for (const [cell, measures] of truth) {
      for (const [measure, value] of Object.entries(measures)) {
        if (typeof value !== 'number') continue; // not_available
        this.cells.set(`${key} ${cell} ${measure}`, { published: published.get(cell)?.[measure] ?? 'suppressed', truth: value });
      }
    }
    return { published, truth };
  }

  /**
   * target = Σ coefficient × cell, for a target the attacker wants: one whose truth is under 5. A target whose own
   * answer has no row is a published zero (nobody matches the filter; zeros are not perturbed, as in TableBuilder),
   * not something an attack recovers, so it is not one.
   */
  add(attack: string, label: string, truth: number, own: Published | 'none', terms: Equation['terms']): void {
    if (truth >= 5 || own === undefined) return;
    this.equations.push({ attack, label, truth, ...(own === 'none' ? {} : { own }), terms });
  }
}

const figureOf = (answer: Answer, group: string, part: string, measure: string, which: 'published' | 'truth'): Published =>
  answer[which].get(`${group}\u0000${part}`)?.[measure];
const truthOf = (answer: Answer, group: string, part: string, measure: string): number => {
  const value = figureOf(answer, group, part, measure, 'truth');
  return typeof value === 'number' ? value : 0;
};
const groupsOf = (answer: Answer): Map<string, string[]> => {
  const groups = new Map<string, string[]>();
  for (const key of answer.truth.keys()) {
    const [group, part] = key.split('\u0000') as [string, string];
    groups.set(group, [...(groups.get(group) ?? []), part]);
  }
  return groups;
};

/** Total − the other parts of a breakdown gives each part back, for every group and measure. */
async function breakdownAgainstTotal(cohort: Cohort, report: ReportName, filters: ReportFilters, label: string): Promise<void> {
  for (const dimension of BREAKDOWNS) {
    const total = await cohort.ask(report, filters);
    const split = await cohort.ask(report, { ...filters, breakdown: dimension });
    for (const [group, parts] of groupsOf(split)) {
      for (const measure of MEASURES[report]) {
        for (const part of parts) {
          cohort.add(
            'breakdown − total',
            `${report} ${label} by ${dimension}: ${group} ${part} ${measure}`,
            truthOf(split, group, part, measure),
            figureOf(split, group, part, measure, 'published'),
            [
              { coefficient: 1, figure: figureOf(total, group, 'all', measure, 'published') },
              ...parts
                .filter((other) => other !== part)
                .map((other) => ({ coefficient: -1, figure: figureOf(split, group, other, measure, 'published') })),
            ],
          );
        }
      }
    }
  }
}

/** Within one entry profile: the total row less the other values of a dimension. */
async function marginsWithinTable(cohort: Cohort, filters: ReportFilters, label: string): Promise<void> {
  const answer = await cohort.ask('entry-profile', filters);
  const values: Record<string, readonly string[]> = {
    gender: GENDERS,
    ageBand: ['lt18', '18_29', '30_54', '55plus'],
    educationBand: ['isced_0_2', 'isced_3_4', 'isced_5_8', 'unknown'],
    newlyArrived: ['true', 'false'],
  };
  for (const [dimension, all] of Object.entries(values)) {
    for (const value of all) {
      cohort.add(
        'margin within a table',
        `entry-profile ${label}: total − other ${dimension} = ${value}`,
        truthOf(answer, `${dimension}|${value}`, 'all', 'count'),
        figureOf(answer, `${dimension}|${value}`, 'all', 'count', 'published'),
        [
          { coefficient: 1, figure: figureOf(answer, 'total|all', 'all', 'count', 'published') },
          ...all
            .filter((other) => other !== value)
            .map((other) => ({
              coefficient: -1,
              figure: figureOf(answer, `${dimension}|${other}`, 'all', 'count', 'published'),
            })),
        ],
      );
    }
  }
}

/**
 * A filter less its narrowing by gender gives the others: organisationId=B&trackId=T with and without gender. The
 * target has no answer of its own (no filter says "not kvinna"). The same with a tracker (Denning): the target cell
 * C = F ∧ g, padded to F and less the padding F ∧ g' for the other genders, each big enough to be shown.
 */
async function filterAgainstComplement(cohort: Cohort, report: ReportName, filters: ReportFilters, label: string): Promise<void> {
  const whole = await cohort.ask(report, filters);
  const narrowed = await Promise.all(GENDERS.map((gender) => cohort.ask(report, { ...filters, gender })));
  for (const [group, parts] of groupsOf(whole)) {
    for (const part of parts) {
      for (const measure of MEASURES[report]) {
        narrowed.forEach((answer, i) => {
          cohort.add(
            'filter − complement',
            `${report} ${label} without gender=${GENDERS[i]}: ${group} ${part} ${measure}`,
            truthOf(whole, group, part, measure) - truthOf(answer, group, part, measure),
            'none',
            [
              { coefficient: 1, figure: figureOf(whole, group, part, measure, 'published') },
              { coefficient: -1, figure: figureOf(answer, group, part, measure, 'published') },
            ],
          );
          cohort.add(
            'tracker',
            `${report} ${label} gender=${GENDERS[i]} padded with the other genders: ${group} ${part} ${measure}`,
            truthOf(answer, group, part, measure),
            figureOf(answer, group, part, measure, 'published'),
            [
              { coefficient: 1, figure: figureOf(whole, group, part, measure, 'published') },
              ...narrowed
                .filter((_, j) => j !== i)
                .map((other) => ({ coefficient: -1, figure: figureOf(other, group, part, measure, 'published') })),
            ],
          );
        });
      }
    }
  }
}

/** started − ended = activeAtTo when nothing was active before the period: from far back. */
async function twoReports(cohort: Cohort, filters: ReportFilters, label: string): Promise<void> {
  const answer = await cohort.ask('outcomes', { ...filters, from: '2000-01-01' });
  for (const [group, parts] of groupsOf(answer)) {
    for (const part of parts) {
      const [started, ended, active] = ['started', 'ended', 'activeAtTo'].map((m) => truthOf(answer, group, part, m)) as [
        number,
        number,
        number,
      ];
      // Deaths and registration errors break the identity; the attacker cannot tell, so such cells are left out.
      if (started - ended !== active) continue;
      cohort.add(
        'started − ended',
        `outcomes ${label} since 2000: ${group} ${part} activeAtTo`,
        active,
        figureOf(answer, group, part, 'activeAtTo', 'published'),
        [
          { coefficient: 1, figure: figureOf(answer, group, part, 'started', 'published') },
          { coefficient: -1, figure: figureOf(answer, group, part, 'ended', 'published') },
        ],
      );
    }
  }
}

/** The same question as of two dates: the difference is the few people whose records changed in between. */
function asOfDates(later: Cohort, earlier: Cohort, a: Answer, b: Answer, report: ReportName, label: string): void {
  for (const [group, parts] of groupsOf(b)) {
    for (const part of parts) {
      for (const measure of MEASURES[report]) {
        const change = truthOf(b, group, part, measure) - truthOf(a, group, part, measure);
        if (change <= 0) continue;
        later.add(
          'as of another date',
          `${report} ${label} (${earlier.name} → ${later.name}): ${group} ${part} ${measure}`,
          change,
          'none',
          [
            { coefficient: 1, figure: figureOf(b, group, part, measure, 'published') },
            { coefficient: -1, figure: figureOf(a, group, part, measure, 'published') },
          ],
        );
      }
    }
  }
}

interface Figures {
  readonly cohort: string;
  readonly participants: number;
  readonly attacks: Record<string, { targets: number; recovered: number; naiveAttempts: number; naiveRight: number }>;
  readonly recovered: number;
  readonly unsound: number;
  readonly cells: number;
  readonly hidden: number;
  readonly hiddenWithTruthAtLeast5: number;
  readonly publishedWithTruthAtLeast5: number;
  readonly meanAbsoluteDifference: number;
  readonly maxAbsoluteDifference: number;
  readonly recoveries: readonly string[];
}

function tally(name: string, participants: number, cohorts: readonly Cohort[]): Figures {
  const attacks: Figures['attacks'] = {};
  const recoveries: string[] = [];
  let unsound = 0;
  for (const equation of cohorts.flatMap((each) => each.equations)) {
    const verdict = solve(equation);
    const entry = (attacks[equation.attack] ??= { targets: 0, recovered: 0, naiveAttempts: 0, naiveRight: 0 });
    entry.targets += 1;
    if (verdict.unsound) unsound += 1;
    if (verdict.recovered) {
      entry.recovered += 1;
      recoveries.push(`${equation.label} = ${equation.truth}`);
    }
    if (verdict.naive !== undefined) {
      entry.naiveAttempts += 1;
      if (verdict.naive === equation.truth) entry.naiveRight += 1;
    }
  }
  const cells = cohorts.flatMap((each) => [...each.cells.values()]);
  const shown = cells.filter((cell) => cell.truth >= 5 && typeof cell.published === 'number');
  const differences = shown.map((cell) => Math.abs((cell.published as number) - cell.truth));
  return {
    cohort: name,
    participants,
    attacks,
    recovered: recoveries.length,
    unsound,
    cells: cells.length,
    hidden: cells.filter((cell) => cell.published === 'suppressed').length,
    hiddenWithTruthAtLeast5: cells.filter((cell) => cell.truth >= 5 && cell.published === 'suppressed').length,
    publishedWithTruthAtLeast5: shown.length,
    meanAbsoluteDifference: Math.round((differences.reduce((a, b) => a + b, 0) / Math.max(1, differences.length)) * 1000) / 1000,
    maxAbsoluteDifference: Math.max(0, ...differences),
    recoveries: recoveries.slice(0, 20),
  };
}

/** Every attack on one cohort, now and as of two earlier dates. */
async function attack(
  name: string,
  participants: number,
  sql: SqlClient,
  events: readonly RecordedEvent[],
  scope: Omit<ReportFilters, 'organisationIds'>,
  now: Date,
  earlier: readonly Date[],
  limit = Infinity,
  journeys: Projection = journeyFactsProjection,
): Promise<Figures> {
  const harnessAt = async (at: Date) => {
    const harness = await ProjectionHarness.create([catalogueProjection, journeys], sql);
    await harness.given(events.filter((event) => knownAsOf(event, at.getTime())));
    return harness;
  };
  const current = await harnessAt(now);
  // The whole region is in scope; the smallest organisations and tracks are the most exposed, so a large region
  // is attacked through those (up to `limit` of each).
  const sizes = await sql.query<{ id: string; kind: string; n: number }>(
    `SELECT organisation_id AS id, 'organisation' AS kind, count(*)::int AS n FROM ${current.reportTables.journeys}.enrolments GROUP BY 1
     UNION ALL SELECT track_id, 'track', count(*)::int FROM ${current.reportTables.journeys}.enrolments GROUP BY 1
     ORDER BY n, id`,
  );
  const smallest = (kind: string) => sizes.filter((each) => each.kind === kind).map((each) => each.id);
  const base: ReportFilters = { ...scope, organisationIds: smallest('organisation') };
  const live = new Cohort('now', current, base, now);
  const organisations = smallest('organisation').slice(0, limit);
  const tracks = smallest('track').slice(0, limit);

  for (const report of ['outcomes', 'entry-profile', 'referrals-received'] as const) {
    await breakdownAgainstTotal(live, report, base, 'all organisations');
    for (const organisation of organisations) {
      await breakdownAgainstTotal(live, report, { ...base, organisationIds: [organisation] }, `organisation ${organisation}`);
      await filterAgainstComplement(live, report, { ...base, organisationIds: [organisation] }, `organisation ${organisation}`);
    }
  }
  // Organisation × track, the organisationId=B&trackId=T: the smallest groups a manager can ask for.
  for (const organisation of organisations) {
    for (const track of tracks) {
      const filters = { ...base, organisationIds: [organisation], trackId: track };
      await filterAgainstComplement(live, 'outcomes', filters, `organisation ${organisation} track ${track}`);
      await filterAgainstComplement(live, 'entry-profile', filters, `organisation ${organisation} track ${track}`);
    }
  }
  await marginsWithinTable(live, base, 'all organisations');
  for (const organisation of organisations)
    await marginsWithinTable(live, { ...base, organisationIds: [organisation] }, organisation);
  await twoReports(live, base, 'all organisations');
  for (const organisation of organisations) await twoReports(live, { ...base, organisationIds: [organisation] }, organisation);

  const cohorts = [live];
  let later = live;
  for (const at of earlier) {
    const before = new Cohort(`as of ${at.toISOString().slice(0, 10)}`, await harnessAt(at), base, at);
    for (const report of ['outcomes', 'entry-profile'] as const) {
      for (const filters of [base, { ...base, breakdown: 'gender' as const }]) {
        const [a, b] = [await before.ask(report, filters), await later.ask(report, filters)];
        asOfDates(later, before, a, b, report, filters.breakdown ? `by ${filters.breakdown}` : 'all');
      }
    }
    cohorts.push(before);
    later = before;
  }
  return tally(name, participants, cohorts);
}

describe('Disclosure control against differencing', () => {
  const results: Figures[] = [];
  let sql: SqlClient;

  beforeAll(async () => {
    sql = await PGliteSqlClient.open();
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    const path = join(process.cwd(), 'bench', 'results', 'disclosure.json');
    mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
    writeFileSync(
      path,
      `${JSON.stringify({ generatedBy: 'libs/read-models/src/reporting/disclosure-attacks.int-spec.ts', results }, null, 2)}\n`,
    );
    // One line per cohort: targets, recovered, utility and hidden cells (the details are in the file).
    const lines = results.map((each) => {
      const targets = Object.values(each.attacks).reduce((sum, attack) => sum + attack.targets, 0);
      return `${each.cohort}: ${targets} targets, ${each.recovered} recovered; mean |published − true| ${each.meanAbsoluteDifference} over ${each.publishedWithTruthAtLeast5} cells ≥ 5; ${each.hidden} of ${each.cells} cells hidden (${each.hiddenWithTruthAtLeast5} with a true count ≥ 5)`;
    });
    process.stdout.write(`\nDisclosure attacks (${path}):\n${lines.join('\n')}\n`);
    await sql?.close();
  });

  it(
    `recovers no hidden count of the hand-made region (outcomes.fixture.ts) under ${KEY_SETS} sets of record keys, within ±2`,
    async () => {
      const runs: Figures[] = [];
      for (let i = 0; i < KEY_SETS; i += 1) {
        runs.push(
          await attack(
            `hand-made region (outcomes.fixture.ts), record keys ${i + 1} of ${KEY_SETS}`,
            12 + 8,
            sql,
            regionEvents(),
            { from: REGION.from, to: REGION.to },
            REGION.now,
            [new Date('2026-03-01T00:00:00Z'), new Date('2026-01-15T00:00:00Z')],
            Infinity,
            withRecordKeys(RecordKeys.fromLookupKey(randomBytes(32))),
          ),
        );
      }
      results.push(...runs);
      for (const figures of runs) {
        expect(figures.unsound).toBe(0);
        expect(figures.recoveries).toEqual([]);
        expect(figures.maxAbsoluteDifference).toBeLessThanOrEqual(2);
        expect(Object.values(figures.attacks).reduce((sum, each) => sum + each.targets, 0)).toBeGreaterThan(1000);
      }
    },
    10 * 60_000,
  );

  it(
    `recovers no hidden count of the demo region (${DEMO_PARTICIPANTS} participants), with a mean adjustment ≤ 1.5`,
    async () => {
      const schema = 'demo';
      const [store, vault, registry] = await Promise.all([
        PostgresEventStore.create({ sql, schema }),
        KeyVault.create({ sql, schema, masterKey: randomBytes(32) }),
        ParticipantRegistry.create(sql, schema),
      ]);
      await generateDemoData(
        { store, vault, registry, hasher: new LookupHasher(randomBytes(32)) },
        { participants: DEMO_PARTICIPANTS, seed: 1, now: DEMO_NOW, concurrency: 4 },
      );
      // The generator writes a history at once; as if each event were recorded when it happened, so that the
      // region has a past to ask about as of earlier dates.
      const events: RecordedEvent[] = [];
      for await (const event of store.readAll()) events.push({ ...event, recordedAt: event.metadata.occurredAt });
      const figures = await attack(
        `demo region (seed 1, ${DEMO_PARTICIPANTS} participants)`,
        DEMO_PARTICIPANTS,
        sql,
        events,
        { from: '2025-05-01', to: '2026-05-01' },
        DEMO_NOW,
        [new Date('2026-03-01T00:00:00Z')],
        6,
      );
      results.push(figures);
      expect(figures.unsound).toBe(0);
      expect(figures.recoveries).toEqual([]);
      expect(figures.meanAbsoluteDifference).toBeLessThanOrEqual(1.5);
      expect(figures.publishedWithTruthAtLeast5).toBeGreaterThan(500);
    },
    20 * 60_000,
  );
});
