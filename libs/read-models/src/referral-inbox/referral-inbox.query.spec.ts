import type { RecordedEvent } from '@samspar/kernel';
import { catalogueProjection } from '../catalogue/catalogue.projection';
import { catalogue, daysFrom, events, uuid } from '../caseload/journey-events.examples';
import { journeyFactsProjection } from '../testing/test-projections';
import type { ReportFilters } from '../reporting/report-filters';
import { ProjectionHarness } from '../testing/projection-harness';
import { inboxReferrals, outboxReferrals, referralInboxReport, referralOutboxReport } from './referral-inbox.query';
import { REFERRAL_INBOX_COLUMN_METADATA, REFERRAL_OUTBOX_COLUMN_METADATA } from './referral-inbox.columns';
import type { ReportColumn } from '../reporting/columns';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';

const NOW = new Date('2026-03-01T12:00:00Z');
const now = NOW.toISOString();
const SENDER = uuid(1, 1);
const RECEIVER = uuid(1, 2);
const OTHER = uuid(1, 3);
const TRACK = uuid(2, 1);
const person = (n: number) => uuid(3, n);
const referral = (n: number) => uuid(8, n);

// Eight unanswered referrals to the receiver, aged (in days) as below, each due 14 days after it was sent,
// except the one aged 16, whose deadline was set to 30 days.
const AGES = [2, 4, 9, 16, 19, 24, 33, 40];
const unanswered = AGES.flatMap((age, i) => {
  const n = i + 1;
  const sent = daysFrom(now, -age);
  return [
    events.registered(person(n), SENDER, daysFrom(sent, -1), { protectedIdentity: n === 8 }),
    events.referred(person(n), referral(n), SENDER, RECEIVER, sent, daysFrom(sent, age === 16 ? 30 : 14), TRACK),
  ];
});
const given: RecordedEvent[] = [
  catalogue.organisation(SENDER, 'Socialtjänsten Eskilstuna', 'social_services'),
  catalogue.organisation(RECEIVER, 'AME Eskilstuna', 'labour_market_unit', 14),
  catalogue.organisation(OTHER, 'Komvux Strängnäs', 'adult_education'),
  catalogue.track(TRACK, 'Arbetsträning', RECEIVER),
  ...unanswered,
  // Answered: out of the inbox.
  events.registered(person(9), SENDER, '2026-02-01T08:00:00Z'),
  events.referred(person(9), referral(9), SENDER, RECEIVER, '2026-02-02T08:00:00Z', '2026-02-16T08:00:00Z'),
  events.accepted(person(9), referral(9), '2026-02-03T08:00:00Z'),
  // To another organisation.
  events.registered(person(10), SENDER, '2026-02-01T08:00:00Z'),
  events.referred(person(10), referral(10), SENDER, OTHER, '2026-02-02T08:00:00Z', '2026-03-04T08:00:00Z'),
];

const filters = (organisationIds: string[], more: Partial<ReportFilters> = {}): ReportFilters => ({
  from: '2026-01-01',
  to: '2026-03-02',
  organisationIds,
  ...more,
});

describe('Referral inboxes and outboxes', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await ProjectionHarness.create([catalogueProjection, journeyFactsProjection]);
    await harness.given(given);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => harness.close());

  describe('The inbox report for managers', () => {
    it('counts unanswered and overdue referrals by the receiver’s deadline, with the median age and age bands', async () => {
      const { rows } = await referralInboxReport(harness.sql, harness.reportTables, filters([RECEIVER]), NOW);
      expect(rows).toEqual([
        {
          organisationId: RECEIVER,
          organisationName: 'AME Eskilstuna',
          unanswered: 8,
          // Past the deadline: those aged 19, 24, 33 and 40; the one aged 16 is due on day 30.
          overdue: 'suppressed',
          overdueShare: 'suppressed',
          medianAgeDays: 17.5,
          age0To7: 'suppressed',
          age8To14: 'suppressed',
          age15To30: 'suppressed',
          ageOver30: 'suppressed',
          oldestAgeBand: '>30',
        },
      ]);
    });

    it('counts overdue ones once 5 people are behind them', async () => {
      const later = new Date(NOW.getTime() + 11 * 86_400_000);
      const [row] = (await referralInboxReport(harness.sql, harness.reportTables, filters([RECEIVER]), later)).rows;
      // Aged 13, 15, 20, 27, 30, 35, 44, 51: overdue from 15 on, but for the one aged 27 that is due on day 30.
      expect(row).toMatchObject({ overdue: 6, overdueShare: 0.75, age15To30: 'suppressed', medianAgeDays: 28.5 });
    });

    it('describes every column of the inbox and the outbox, with and without a breakdown', async () => {
      for (const more of [{}, { breakdown: 'gender' as const }]) {
        const inbox = await referralInboxReport(harness.sql, harness.reportTables, filters([RECEIVER], more), NOW);
        const outbox = await referralOutboxReport(harness.sql, harness.reportTables, filters([SENDER], more), NOW);
        const described = (metadata: readonly ReportColumn[]) => metadata.map((column) => column.name);
        expect(described(REFERRAL_INBOX_COLUMN_METADATA)).toEqual(expect.arrayContaining([...inbox.columns]));
        expect(described(REFERRAL_OUTBOX_COLUMN_METADATA)).toEqual(expect.arrayContaining([...outbox.columns]));
        // The columns are the rows' keys: a key renamed in one place and not the other fails here.
        for (const report of [inbox, outbox]) {
          for (const row of report.rows) expect(Object.keys(row).sort()).toEqual([...report.columns].sort());
        }
      }
    });

    it('gives an organisation in scope without referrals a suppressed row, and never another organisation’s', async () => {
      const { rows } = await referralInboxReport(harness.sql, harness.reportTables, filters([OTHER]), NOW);
      expect(rows).toEqual([
        expect.objectContaining({ organisationId: OTHER, unanswered: 'suppressed', oldestAgeBand: 'suppressed' }),
      ]);
    });
  });

  describe('The outbox report for managers', () => {
    it('counts the referrals sent in the period by the state they are in now', async () => {
      const { rows } = await referralOutboxReport(harness.sql, harness.reportTables, filters([SENDER]), NOW);
      expect(rows).toEqual([
        {
          organisationId: SENDER,
          organisationName: 'Socialtjänsten Eskilstuna',
          sent: 10,
          pending: 9,
          accepted: 'suppressed',
          declined: 'suppressed',
          withdrawn: 'suppressed',
          expired: 'suppressed',
        },
      ]);
    });

    it('leaves out referrals sent before the period', async () => {
      const [row] = (
        await referralOutboxReport(harness.sql, harness.reportTables, filters([SENDER], { from: '2026-02-11' }), NOW)
      ).rows;
      // Sent from 11 February: those aged 2, 4, 9 and 16 days.
      expect(row).toMatchObject({ sent: 'suppressed', pending: 'suppressed' });
      const [all] = (
        await referralOutboxReport(harness.sql, harness.reportTables, filters([SENDER], { from: '2026-01-25' }), NOW)
      ).rows;
      // And from 25 January: all but the one aged 40 days.
      expect(all).toMatchObject({ sent: 9, pending: 8 });
    });
  });

  describe('The inbox a caseworker acts on', () => {
    it('lists the unanswered referrals oldest first, with their age, deadline and sender', async () => {
      const inbox = await inboxReferrals(harness.sql, harness.reportTables, RECEIVER, NOW, { protectedIdentity: false });
      expect(inbox.referrals.map((each) => each.ageDays)).toEqual([...AGES].reverse());
      expect(inbox.referrals.map((each) => each.overdue)).toEqual([true, true, true, true, false, false, false, false]);
      expect(inbox.referrals[4]).toEqual({
        referralId: referral(4),
        participantId: person(4),
        protectedIdentity: false,
        fromOrganisationId: SENDER,
        fromOrganisationName: 'Socialtjänsten Eskilstuna',
        sentAt: daysFrom(now, -16),
        ageDays: 16,
        deadlineAt: daysFrom(now, 14),
        overdue: false,
        suggestedTrackId: TRACK,
        suggestedTrackName: 'Arbetsträning',
      });
    });

    it('withholds the id of a participant with skyddade personuppgifter unless the caseworker may see them', async () => {
      const hidden = await inboxReferrals(harness.sql, harness.reportTables, RECEIVER, NOW, { protectedIdentity: false });
      expect(hidden.referrals[0]).toMatchObject({ referralId: referral(8), participantId: null, protectedIdentity: true });
      const shown = await inboxReferrals(harness.sql, harness.reportTables, RECEIVER, NOW, { protectedIdentity: true });
      expect(shown.referrals[0]).toMatchObject({ referralId: referral(8), participantId: person(8) });
    });

    it('shows the sender every referral it sent, newest first, with its state', async () => {
      const outbox = await outboxReferrals(harness.sql, harness.reportTables, SENDER, NOW, { protectedIdentity: false });
      expect(outbox.referrals).toHaveLength(10);
      expect(outbox.referrals.find((each) => each.referralId === referral(9))).toMatchObject({
        status: 'accepted',
        toOrganisationName: 'AME Eskilstuna',
        answeredAt: '2026-02-03T08:00:00.000Z',
        overdue: false,
      });
      const accepted = await outboxReferrals(harness.sql, harness.reportTables, SENDER, NOW, {
        protectedIdentity: false,
        status: 'accepted',
      });
      expect(accepted.referrals.map((each) => each.referralId)).toEqual([referral(9)]);
      expect(
        (await inboxReferrals(harness.sql, harness.reportTables, SENDER, NOW, { protectedIdentity: false })).referrals,
      ).toEqual([]);
    });
  });
});
