import { IncomeSource, LabourMarketStatus, TrackKind, countsAsWorkOrStudies, isWork } from '@samspar/journeys';
import { Random } from './random';

export interface DrawnStatus {
  readonly status: LabourMarketStatus;
  readonly incomeSources: IncomeSource[];
  readonly expectedToLastOneMonth?: boolean;
}

type Weights = ReadonlyArray<readonly [LabourMarketStatus, number]>;

/**
 * Status at the end of a track, by kind. Calibrated so that about a third of all enrolments end in work or
 * studies (Kolada, "Resultat vid avslut"), and a lokalt jobbspår about half in work and a fifth in studies.
 */
const AT_EXIT: Record<TrackKind, Weights> = {
  job_track: [
    ['employed', 0.46],
    ['employed_subsidised', 0.05],
    ['self_employed', 0.01],
    ['studies_with_study_allowance', 0.23],
    ['studies_other', 0.02],
    ['job_seeking', 0.12],
    ['labour_market_programme', 0.04],
    ['on_sick_leave_or_unable', 0.03],
    ['parental_leave', 0.02],
    ['inactive_other', 0.01],
    ['unknown', 0.01],
  ],
  preparatory: [
    ['employed', 0.05],
    ['employed_subsidised', 0.05],
    ['self_employed', 0.01],
    ['municipal_labour_market_employment', 0.04],
    ['studies_with_study_allowance', 0.05],
    ['studies_other', 0.11],
    ['job_seeking', 0.33],
    ['labour_market_programme', 0.15],
    ['on_sick_leave_or_unable', 0.1],
    ['parental_leave', 0.03],
    ['inactive_other', 0.06],
    ['unknown', 0.02],
  ],
  education: [
    ['employed', 0.12],
    ['employed_subsidised', 0.02],
    ['self_employed', 0.01],
    ['studies_with_study_allowance', 0.16],
    ['studies_other', 0.18],
    ['job_seeking', 0.28],
    ['labour_market_programme', 0.07],
    ['on_sick_leave_or_unable', 0.05],
    ['parental_leave', 0.04],
    ['inactive_other', 0.05],
    ['unknown', 0.02],
  ],
  employment: [
    ['employed', 0.18],
    ['employed_subsidised', 0.07],
    ['self_employed', 0.01],
    ['municipal_labour_market_employment', 0.17],
    ['studies_with_study_allowance', 0.03],
    ['job_seeking', 0.33],
    ['labour_market_programme', 0.08],
    ['on_sick_leave_or_unable', 0.05],
    ['parental_leave', 0.02],
    ['inactive_other', 0.04],
    ['unknown', 0.02],
  ],
};

/** Leaving one track for another within the journey: still in a programme, or looking for work. */
const BETWEEN_TRACKS: Weights = [
  ['labour_market_programme', 0.5],
  ['job_seeking', 0.4],
  ['studies_other', 0.1],
];

const AT_ENTRY: Weights = [
  ['job_seeking', 0.5],
  ['labour_market_programme', 0.15],
  ['inactive_other', 0.1],
  ['on_sick_leave_or_unable', 0.1],
  ['studies_other', 0.08],
  ['parental_leave', 0.02],
  ['unknown', 0.05],
];

/** How often a follow-up finds the person where the exit left them. */
const STILL_THERE = { follow_up_1m: 0.9, follow_up_90d: 0.85, follow_up_6m: 0.8 } as const;
/** How often someone who left without work or studies has found work by the follow-up. */
const FOUND_WORK_LATER = { follow_up_1m: 0.06, follow_up_90d: 0.1, follow_up_6m: 0.15 } as const;

export type FollowUpMoment = keyof typeof STILL_THERE;

export function entryStatus(random: Random, onIncomeSupport: boolean): DrawnStatus {
  return withIncome(random, random.weighted(AT_ENTRY), onIncomeSupport);
}

export function exitStatus(random: Random, kind: TrackKind, movesOnToAnotherTrack: boolean): DrawnStatus {
  return withIncome(random, random.weighted(movesOnToAnotherTrack ? BETWEEN_TRACKS : AT_EXIT[kind]), random.chance(0.5));
}

export function foundWork(random: Random): DrawnStatus {
  return withIncome(random, 'employed', false);
}

export function followUpStatus(random: Random, moment: FollowUpMoment, atExit: DrawnStatus): DrawnStatus {
  const successful = countsAsWorkOrStudies(atExit);
  if (random.chance(STILL_THERE[moment])) {
    return successful || !random.chance(FOUND_WORK_LATER[moment])
      ? withIncome(random, atExit.status, atExit.incomeSources.includes('income_support'))
      : withIncome(random, 'employed', false);
  }
  // Falling back, the fall-back rate's case: back to looking for work, often on försörjningsstöd.
  return successful ? withIncome(random, 'job_seeking', random.chance(0.6)) : withIncome(random, 'inactive_other', true);
}

function withIncome(random: Random, status: LabourMarketStatus, onIncomeSupport: boolean): DrawnStatus {
  const sources = ((): IncomeSource[] => {
    switch (status) {
      case 'employed':
        return random.chance(0.08) ? ['salary', 'income_support'] : ['salary'];
      case 'employed_subsidised':
      case 'municipal_labour_market_employment':
      case 'self_employed':
        return ['salary'];
      case 'studies_with_study_allowance':
        return ['study_allowance'];
      case 'studies_other':
        return onIncomeSupport ? ['income_support'] : ['activity_support'];
      case 'job_seeking':
        return onIncomeSupport ? ['income_support'] : random.chance(0.6) ? ['unemployment_insurance'] : ['none'];
      case 'labour_market_programme':
        return onIncomeSupport ? ['activity_support', 'income_support'] : ['activity_support'];
      case 'on_sick_leave_or_unable':
        return onIncomeSupport ? ['income_support'] : ['sickness_benefit'];
      case 'parental_leave':
        return ['other'];
      case 'inactive_other':
        return onIncomeSupport ? ['income_support'] : ['none'];
      case 'unknown':
        return ['none'];
      default: {
        const unknown: never = status;
        return unknown;
      }
    }
  })();
  return {
    status,
    incomeSources: sources,
    ...(isWork(status) ? { expectedToLastOneMonth: random.chance(0.93) } : {}),
  };
}
