import { EXACT } from '../reporting/disclosure';
import type { RecordedEvent } from '@samspar/kernel';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { catalogue, daysFrom, events, uuid } from '../caseload/journey-events.examples';
import { journeyFactsProjection } from '../testing/test-projections';
import type { ReportFilters } from '../reporting/report-filters';
import { ProjectionHarness } from '../testing/projection-harness';
import { referralFlowsReport, referralsReceivedReport } from './referral-flows.query';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const NOW = new Date('2026-03-01T12:00:00Z');
const S = uuid(1, 1); // social services, the sender
const Y = uuid(1, 2); // social services elsewhere
const R = uuid(1, 3); // the labour-market unit, the receiver
const X = uuid(1, 4); // adult education
const person = (n: number) => uuid(3, n);
const journey = (n: number) => uuid(4, n);
const referral = (n: number) => uuid(8, n);
const intervention = (n: number) => uuid(6, n);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const SENT = '2026-02-01T08:00:00Z';

function referred(n: number, from: string, to: string, sent = SENT, birthYear = 1990): RecordedEvent[] {
  return [
    events.registered(person(n), from, '2026-01-20T08:00:00Z', { birthYear, gender: n % 2 === 0 ? 'kvinna' : 'man' }),
    events.opened(person(n), journey(n), from, '2026-01-20T08:00:00Z'),
    events.referred(person(n), referral(n), from, to, sent, daysFrom(sent, 14)),
  ];
}

const given: RecordedEvent[] = [
  catalogue.organisation(S, 'Socialtjänsten Eskilstuna', 'social_services'),
  catalogue.organisation(Y, 'Socialtjänsten Strängnäs', 'social_services'),
  catalogue.organisation(R, 'AME Eskilstuna', 'labour_market_unit', 14),
  catalogue.organisation(X, 'Komvux Eskilstuna', 'adult_education'),
  // S → R: 1–5 accepted after 1–5 days, each with a first intervention at R after 10, 12, … 18 days.
  ...range(1, 5).flatMap((n) => [
    ...referred(n, S, R),
    events.accepted(person(n), referral(n), daysFrom(SENT, n)),
    events.interventionPlanned(person(n), journey(n), intervention(n), R, daysFrom(SENT, n)),
    events.interventionStarted(person(n), journey(n), intervention(n), daysFrom(SENT, 8 + 2 * n)),
  ]),
  // 6–10 declined for lack of capacity after 6 days, 11 as not eligible after 1 day.
  ...range(6, 10).flatMap((n) => [
    ...referred(n, S, R),
    events.declined(person(n), referral(n), 'no_capacity', daysFrom(SENT, 6)),
  ]),
  ...referred(11, S, R),
  events.declined(person(11), referral(11), 'not_eligible', daysFrom(SENT, 1)),
  // 12 withdrawn and 13 expired: no answer from the receiver. 14–16 still pending.
  ...referred(12, S, R),
  events.withdrawn(person(12), referral(12), daysFrom(SENT, 2)),
  ...referred(13, S, R),
  events.expired(person(13), referral(13), daysFrom(SENT, 14)),
  ...range(14, 16).flatMap((n) => referred(n, S, R)),
  // S → X: two. Y → R: five younger people. One S → R before the period.
  ...range(17, 18).flatMap((n) => referred(n, S, X)),
  ...range(19, 23).flatMap((n) => referred(n, Y, R, SENT, 2000)),
  ...referred(24, S, R, '2025-12-15T08:00:00Z'),
];

const filters = (organisationIds: string[], more: Partial<ReportFilters> = {}): ReportFilters => ({
  from: '2026-01-01',
  to: '2026-03-02',
  organisationIds,
  ...more,
});

describe('Referrals and waiting', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection]);
    await harness.given(given);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => harness.close());

  describe('Per receiving organisation', () => {
    it('gives the shares of the referrals received in the period, the median days to answer and the waiting time', async () => {
      const { rows } = await referralsReceivedReport(harness.sql, harness.reportTables, filters([R]), NOW, EXACT);
      expect(rows).toEqual([
        {
          organisationId: R,
          organisationName: 'AME Eskilstuna',
          received: 21,
          accepted: 5,
          acceptedShare: 0.238,
          declined: 6,
          declinedShare: 0.286,
          declinedNoCapacity: 5,
          declinedNoCapacityShare: 0.238,
          declinedNotEligible: 'suppressed',
          declinedNotEligibleShare: 'suppressed',
          declinedCouldNotContact: 'suppressed',
          declinedCouldNotContactShare: 'suppressed',
          declinedOther: 'suppressed',
          declinedOtherShare: 'suppressed',
          withdrawn: 'suppressed',
          withdrawnShare: 'suppressed',
          expired: 'suppressed',
          expiredShare: 'suppressed',
          pending: 8,
          pendingShare: 0.381,
          // Answers after 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6 days; the withdrawal and the expiry are no answers.
          medianDaysToAnswer: 5,
          // First interventions after 10, 12, 14, 16 and 18 days.
          medianDaysToFirstIntervention: 14,
        },
      ]);
    });

    it('gives the sender’s organisation a suppressed row: it received nothing', async () => {
      const { rows } = await referralsReceivedReport(harness.sql, harness.reportTables, filters([S]), NOW, EXACT);
      expect(rows).toEqual([
        expect.objectContaining({ organisationId: S, received: 'suppressed', medianDaysToAnswer: 'suppressed' }),
      ]);
    });

    it('filters by the age band when the referral was sent', async () => {
      const [row] = (
        await referralsReceivedReport(harness.sql, harness.reportTables, filters([R], { ageBand: '18_29' }), NOW, EXACT)
      ).rows;
      expect(row).toMatchObject({ received: 5, pending: 5, pendingShare: 1, accepted: 'suppressed' });
    });

    it('breaks down by gender', async () => {
      const { rows, columns } = await referralsReceivedReport(
        harness.sql,
        harness.reportTables,
        filters([R], { breakdown: 'gender' }),
        NOW,
        EXACT,
      );
      expect(columns.slice(0, 4)).toEqual(['organisationId', 'organisationName', 'gender', 'received']);
      // 2, 4 … 16 and 20, 22 are women (10); 1, 3 … 15 and 19, 21, 23 are men (11).
      expect(rows.map((row) => [row['gender'], row['received']])).toEqual([
        ['kvinna', 10],
        ['man', 11],
      ]);
    });
  });

  describe('Flows', () => {
    it('counts referrals kind → kind and organisation → organisation where the sender is in scope', async () => {
      const { rows } = await referralFlowsReport(harness.sql, harness.reportTables, filters([S]), NOW, EXACT);
      expect(
        rows.map((row) => [
          row['level'],
          row['fromKind'],
          row['toKind'],
          row['fromOrganisationName'],
          row['toOrganisationName'],
          row['referrals'],
        ]),
      ).toEqual([
        ['kind', 'social_services', 'adult_education', null, null, 'suppressed'],
        ['kind', 'social_services', 'labour_market_unit', null, null, 16],
        ['organisation', 'social_services', 'adult_education', 'Socialtjänsten Eskilstuna', 'Komvux Eskilstuna', 'suppressed'],
        ['organisation', 'social_services', 'labour_market_unit', 'Socialtjänsten Eskilstuna', 'AME Eskilstuna', 16],
      ]);
    });

    it('counts them where the receiver is in scope, from every sender, and nothing the receiver took no part in', async () => {
      const { rows } = await referralFlowsReport(harness.sql, harness.reportTables, filters([R]), NOW, EXACT);
      expect(rows.map((row) => [row['level'], row['fromOrganisationId'], row['toOrganisationId'], row['referrals']])).toEqual([
        ['kind', null, null, 21],
        ['organisation', S, R, 16],
        ['organisation', Y, R, 5],
      ]);
    });

    it('counts a referral once when both its sender and its receiver are in scope', async () => {
      const { rows } = await referralFlowsReport(harness.sql, harness.reportTables, filters([S, R]), NOW, EXACT);
      expect(
        rows.find((row) => row['level'] === 'organisation' && row['fromOrganisationId'] === S && row['toOrganisationId'] === R),
      ).toMatchObject({
        referrals: 16,
      });
    });
  });
});
