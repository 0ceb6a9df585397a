import type { RecordedEvent } from '@samspar/kernel';
import type { ReportFilters } from '../reporting/report-filters';
import { organisation, person, track } from './outcomes.examples';

/**
 * A small region whose every report figure is computed by hand in the fixture specs.
 * All instants are 10:00 UTC, so days in track are whole days and no instant sits on a period bound.
 *
 * Period [2025-01-01, 2026-01-01): 2025-01-01T00:00Z to 2026-01-01T00:00Z.
 * Now 2026-09-01T12:00Z, so cut = min(to, now) = 2026-01-01T00:00Z.
 */
export const REGION = {
  /** AME Eskilstuna: runs Jobbspår vård and one enrolment of Arbetsträning. */
  orgA: 'a0000000-0000-4000-8000-00000000000a',
  /** Socialtjänsten Strängnäs: runs Arbetsträning; its referrals are the Connect fall-back signal. */
  orgB: 'b0000000-0000-4000-8000-00000000000b',
  jobTrack: 'c0000000-0000-4000-8000-000000000001',
  preparatory: 'c0000000-0000-4000-8000-000000000002',
  now: new Date('2026-09-01T12:00:00Z'),
  from: '2025-01-01',
  to: '2026-01-01',
} as const;

export const regionFilters = (
  organisationIds: readonly string[] = [REGION.orgA, REGION.orgB],
  more: Partial<ReportFilters> = {},
): ReportFilters => ({
  from: REGION.from,
  to: REGION.to,
  organisationIds,
  ...more,
});

const { orgA, orgB, jobTrack, preparatory } = REGION;
const at = (day: string): string => `${day}T10:00:00Z`;

export function regionEvents(): RecordedEvent[] {
  return [
    organisation(orgA, 'labour_market_unit', '0484'),
    organisation(orgB, 'social_services', '0486'),
    track(jobTrack, 'Jobbspår vård', 'job_track', orgA),
    track(preparatory, 'Arbetsträning', 'preparatory', orgB),

    // ---- Jobbspår vård (orgA) ----
    // P1: left to work, followed up at 90 days and 6 months in work; re-enrolled in October, still active.
    ...person({
      organisationId: orgA,
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2024-09-02'),
          endedAt: at('2025-02-03'),
          entry: { status: 'job_seeking', at: at('2024-09-02') },
          exit: { status: 'employed', at: at('2025-02-03') },
          followUp90d: { status: 'employed', at: at('2025-05-05') },
          followUp6m: { status: 'employed', at: at('2025-08-04') },
        },
        { trackId: jobTrack, startedAt: at('2025-10-15') },
      ],
    }),
    // P2: left to work, on income support again at the 6-month follow-up (a fall-back within 6 months).
    ...person({
      organisationId: orgA,
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2024-10-01'),
          endedAt: at('2025-03-03'),
          entry: { status: 'job_seeking', incomeSources: ['income_support'], at: at('2024-10-01') },
          exit: { status: 'employed', at: at('2025-03-03') },
          followUp90d: { status: 'employed', at: at('2025-06-02') },
          followUp6m: { status: 'job_seeking', incomeSources: ['income_support'], at: at('2025-08-25') },
        },
      ],
    }),
    // P3: subsidised work at exit and at 90 days, studies at 6 months.
    ...person({
      organisationId: orgA,
      gender: 'man',
      newlyArrived: true,
      educationBand: 'isced_0_2',
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-01-15'),
          endedAt: at('2025-04-01'),
          entry: { status: 'labour_market_programme', at: at('2025-01-15') },
          exit: { status: 'employed_subsidised', at: at('2025-04-01') },
          followUp90d: { status: 'employed_subsidised', at: at('2025-06-30') },
          followUp6m: { status: 'studies_with_study_allowance', at: at('2025-10-01') },
        },
      ],
    }),
    // P4: left to work, no 6-month follow-up; social services refers them 9 months later (fall-back within 12).
    ...person({
      organisationId: orgA,
      birthYear: 2000,
      educationBand: 'isced_5_8',
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-02-03'),
          endedAt: at('2025-05-02'),
          entry: { status: 'job_seeking', at: at('2025-02-03') },
          exit: { status: 'employed', at: at('2025-05-02') },
          followUp90d: { status: 'self_employed', at: at('2025-08-01') },
        },
      ],
      referrals: [{ from: orgB, to: orgA, at: at('2026-02-01') }],
    }),
    // P5: left to work; job seeking at 90 days; no 6-month follow-up.
    ...person({
      organisationId: orgA,
      gender: 'man',
      newlyArrived: true,
      educationBand: 'isced_0_2',
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-03-03'),
          endedAt: at('2025-06-02'),
          entry: { status: 'job_seeking', at: at('2025-03-03') },
          exit: { status: 'employed', at: at('2025-06-02') },
          followUp1m: { status: 'job_seeking', at: at('2025-07-01') },
          followUp90d: { status: 'job_seeking', at: at('2025-09-01') },
        },
      ],
    }),
    // P6: left to studies; the 90-day follow-up says `unknown` (not followed up).
    ...person({
      organisationId: orgA,
      birthYear: 2002,
      educationBand: 'isced_5_8',
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-04-01'),
          endedAt: at('2025-07-01'),
          entry: { status: 'inactive_other', at: at('2025-04-01') },
          exit: { status: 'studies_with_study_allowance', at: at('2025-07-01') },
          followUp90d: { status: 'unknown', at: at('2025-10-01') },
        },
      ],
    }),
    // P7: a job not expected to last a month (not work for Kolada, employed for ESF+); in work at 90 days.
    ...person({
      organisationId: orgA,
      gender: 'man',
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-05-02'),
          endedAt: at('2025-09-15'),
          entry: { status: 'job_seeking', at: at('2025-05-02') },
          exit: { status: 'employed', lasts: false, at: at('2025-09-15') },
          followUp90d: { status: 'employed', at: at('2025-12-14') },
        },
      ],
    }),
    // P8: no entry and no exit status.
    ...person({
      organisationId: orgA,
      enrolments: [{ trackId: jobTrack, startedAt: at('2025-06-02'), endedAt: at('2025-11-03') }],
    }),
    // P9: a registration error: in no count, started and ended included.
    ...person({
      organisationId: orgA,
      enrolments: [
        {
          trackId: jobTrack,
          startedAt: at('2025-03-10'),
          endedAt: at('2025-08-01'),
          entry: { status: 'job_seeking', at: at('2025-03-10') },
          exit: { status: 'employed', at: at('2025-08-01') },
        },
      ],
      closed: { reason: 'registration_error', at: at('2025-08-02') },
    }),
    // P10: started in October, active.
    ...person({
      organisationId: orgA,
      birthYear: 1965,
      enrolments: [{ trackId: jobTrack, startedAt: at('2025-10-01'), entry: { status: 'job_seeking', at: at('2025-10-01') } }],
    }),
    // P11: started in 2024, active.
    ...person({
      organisationId: orgA,
      enrolments: [{ trackId: jobTrack, startedAt: at('2024-06-03'), entry: { status: 'inactive_other', at: at('2024-06-03') } }],
    }),
    // P12: started in November; the journey was closed on a death without ending the enrolment: not active.
    ...person({
      organisationId: orgA,
      enrolments: [{ trackId: jobTrack, startedAt: at('2025-11-03'), entry: { status: 'parental_leave', at: at('2025-11-03') } }],
      closed: { reason: 'deceased', at: at('2025-12-01') },
    }),

    // ---- Arbetsträning (orgB, and Q4 at orgA) ----
    // Q1: from sick leave to job seeking.
    ...person({
      organisationId: orgB,
      gender: 'man',
      newlyArrived: true,
      educationBand: 'isced_0_2',
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2025-01-10'),
          endedAt: at('2025-04-10'),
          entry: { status: 'on_sick_leave_or_unable', at: at('2025-01-10') },
          exit: { status: 'job_seeking', at: at('2025-04-10') },
          followUp1m: { status: 'job_seeking', at: at('2025-05-05') },
        },
      ],
    }),
    // Q2: to an Arbetsförmedlingen programme.
    ...person({
      organisationId: orgB,
      birthYear: 1999,
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2025-02-10'),
          endedAt: at('2025-05-12'),
          entry: { status: 'inactive_other', at: at('2025-02-10') },
          exit: { status: 'labour_market_programme', at: at('2025-05-12') },
        },
      ],
    }),
    // Q3: left to work, back on income support at the 6-month follow-up.
    ...person({
      organisationId: orgB,
      gender: 'man',
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2025-03-10'),
          endedAt: at('2025-06-10'),
          entry: { status: 'job_seeking', at: at('2025-03-10') },
          exit: { status: 'employed', at: at('2025-06-10') },
          followUp6m: { status: 'job_seeking', incomeSources: ['income_support'], at: at('2025-12-01') },
        },
      ],
    }),
    // Q4 (orgA): no exit status; studies at the 1-month follow-up, within 4 weeks of leaving.
    ...person({
      organisationId: orgA,
      birthYear: 2003,
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2025-04-01'),
          endedAt: at('2025-08-01'),
          entry: { status: 'job_seeking', at: at('2025-04-01') },
          followUp1m: { status: 'studies_other', at: at('2025-08-20') },
        },
      ],
    }),
    // Q5: left to work with income support beside the job, recorded the day after leaving: no fall-back.
    ...person({
      organisationId: orgB,
      gender: 'man',
      newlyArrived: true,
      educationBand: 'isced_0_2',
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2025-05-02'),
          endedAt: at('2025-09-01'),
          entry: { status: 'job_seeking', at: at('2025-05-02') },
          exit: { status: 'employed', incomeSources: ['salary', 'income_support'], at: at('2025-09-02') },
        },
      ],
    }),
    // Q6: two enrolments in the track, both ended in the period: two rows, one person.
    ...person({
      organisationId: orgB,
      educationBand: 'isced_0_2',
      enrolments: [
        {
          trackId: preparatory,
          startedAt: at('2024-11-04'),
          endedAt: at('2025-01-20'),
          entry: { status: 'job_seeking', at: at('2024-11-04') },
          exit: { status: 'parental_leave', at: at('2025-01-20') },
        },
        {
          trackId: preparatory,
          startedAt: at('2025-02-03'),
          endedAt: at('2025-03-03'),
          exit: { status: 'job_seeking', at: at('2025-03-03') },
        },
      ],
    }),
    // Q7, Q8: started in the period, active.
    ...person({
      organisationId: orgB,
      birthYear: 2001,
      enrolments: [{ trackId: preparatory, startedAt: at('2025-06-02'), entry: { status: 'job_seeking', at: at('2025-06-02') } }],
    }),
    ...person({
      organisationId: orgB,
      gender: 'annat',
      newlyArrived: true,
      educationBand: 'isced_0_2',
      enrolments: [
        { trackId: preparatory, startedAt: at('2025-12-15'), entry: { status: 'studies_other', at: at('2025-12-15') } },
      ],
    }),
  ];
}
