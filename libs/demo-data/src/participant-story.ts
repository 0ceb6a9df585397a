import {
  AcceptReferral,
  AssignCaseworker,
  ClosingReason,
  CloseJourney,
  CompleteIntervention,
  CorrectStep,
  DeclineReason,
  DeclineReferral,
  EducationBand,
  EndTrackEnrolment,
  EnrolInTrack,
  ExpireReferral,
  Gender,
  InterruptIntervention,
  InterruptionReason,
  InterventionType,
  OpenJourney,
  PersonalData,
  PlanIntervention,
  RecordConsent,
  RecordLabourMarketStatus,
  ReferParticipant,
  ReferralReason,
  ReopenJourney,
  StartIntervention,
  StatisticalAttributes,
  TrackKind,
  WithdrawConsent,
  WithdrawReferral,
  isWork,
} from '@samspar/journeys';
import { Actor, dayInSweden } from '@samspar/kernel';
import { composePersonnummer } from '@samspar/privacy';
import { DrawnStatus, FollowUpMoment, entryStatus, exitStatus, followUpStatus, foundWork } from './outcomes-model';
import { Random } from './random';
import { DemoOrganisation, DemoRegion, DemoTrack, HISTORY_DAYS, MUNICIPALITIES } from './region';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Every command a participant's stream takes; registration is handled apart, since it needs the sealed identity. */
export type StepCommand =
  | RecordConsent
  | WithdrawConsent
  | ReferParticipant
  | AcceptReferral
  | DeclineReferral
  | WithdrawReferral
  | ExpireReferral
  | OpenJourney
  | AssignCaseworker
  | EnrolInTrack
  | EndTrackEnrolment
  | PlanIntervention
  | StartIntervention
  | CompleteIntervention
  | InterruptIntervention
  | RecordLabourMarketStatus
  | CloseJourney
  | ReopenJourney
  | CorrectStep;

export interface Step {
  readonly at: number;
  readonly command: StepCommand;
  readonly actor: Actor;
  /** Chosen when planned, so that a correction can name the step it voids. */
  readonly eventId: string;
}

/** A participant as the story tells it, before any personal data is sealed. */
export interface ParticipantPlan {
  readonly index: number;
  readonly participantId: string;
  /** Absent for an anonymous participant. */
  readonly personal?: PersonalData;
  readonly anonymousReason?: 'no_consent' | 'protected_identity';
  readonly attributes: StatisticalAttributes;
  readonly registration: { readonly at: number; readonly actor: Actor; readonly eventId: string };
  /** In the order they happened, up to `now`. */
  readonly steps: readonly Step[];
  readonly correlationId: string;
}

const FIRST_NAMES: Record<'female' | 'male', readonly string[]> = {
  female: ['Anna', 'Maria', 'Fatima', 'Sara', 'Amina', 'Elin', 'Hodan', 'Lina', 'Emma', 'Noor', 'Ida', 'Zeynep', 'Karin'],
  male: ['Erik', 'Mohammed', 'Johan', 'Ali', 'Lars', 'Ahmad', 'Oskar', 'Yusuf', 'Karl', 'Daniel', 'Omar', 'Mikael'],
};
const LAST_NAMES = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Hassan',
  'Ali',
  'Mohamed',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Abdi',
  'Gustafsson',
  'Pettersson',
  'Yilmaz',
];

const REFERRAL_OUTCOMES = [
  ['accepted', 0.72],
  ['declined', 0.14],
  ['withdrawn', 0.06],
  ['expired', 0.08],
] as const;
const DECLINE_REASONS: ReadonlyArray<readonly [DeclineReason, number]> = [
  ['no_capacity', 0.35],
  ['not_eligible', 0.3],
  ['could_not_contact', 0.25],
  ['other', 0.1],
];
const INTERRUPTION_REASONS: ReadonlyArray<readonly [InterruptionReason, number]> = [
  ['participant_left', 0.35],
  ['illness', 0.3],
  ['found_work', 0.1],
  ['provider_ended', 0.1],
  ['other', 0.15],
];
const TRACK_KINDS: ReadonlyArray<readonly [TrackKind, number]> = [
  ['job_track', 0.2],
  ['preparatory', 0.4],
  ['education', 0.25],
  ['employment', 0.15],
];
const INTERVENTIONS: Record<TrackKind, ReadonlyArray<readonly [InterventionType, number]>> = {
  job_track: [
    ['praktik', 0.4],
    ['utbildning', 0.3],
    ['subventionerad_anstallning', 0.15],
    ['coaching', 0.15],
  ],
  preparatory: [
    ['arbetstraning', 0.3],
    ['praktik', 0.2],
    ['vagledning', 0.2],
    ['arbetsformagebedomning', 0.12],
    ['coaching', 0.13],
    ['feriejobb', 0.05],
  ],
  education: [
    ['utbildning', 0.8],
    ['vagledning', 0.2],
  ],
  employment: [
    ['subventionerad_anstallning', 0.8],
    ['coaching', 0.2],
  ],
};
const FOLLOW_UPS: ReadonlyArray<readonly [FollowUpMoment, number, number, number]> = [
  // moment, days after exit (from, to), share followed up
  ['follow_up_1m', 30, 40, 0.75],
  ['follow_up_90d', 90, 105, 0.65],
  ['follow_up_6m', 182, 200, 0.55],
];

/** Youngest and oldest age at the end of the history, and the calendar they span. */
const AGES = { youngest: 19, oldest: 66 } as const;
/** Multipliers for the personnummer permutation; one of them is prime to any range. */
const MULTIPLIERS = [1_000_003, 999_983, 1_299_709, 7_919_017];

/**
 * A permutation of the participant index over every (birth date, birth number) pair of the age range, so that a
 * million participants of a seed and `now` never share a personnummer.
 */
export function demoIdentitySlots(
  seed: number,
  now: Date,
): { readonly size: number; slot(index: number): number; readonly first: number } {
  const year = now.getUTCFullYear();
  const first = Date.UTC(year - AGES.oldest, 0, 1);
  const days = Math.round((Date.UTC(year - AGES.youngest, 0, 1) - first) / DAY_MS);
  const size = days * 1000;
  const multiplier = MULTIPLIERS.find((m) => gcd(m, size) === 1)! % size;
  const offset = new Random(seed, 'personnummer').int(0, size - 1);
  return { size, first, slot: (index) => (((multiplier * index) % size) + offset) % size };
}

export function demoIdentityNumber(seed: number, index: number, now: Date): { birthDate: string; birthNumber: number } {
  const slots = demoIdentitySlots(seed, now);
  const slot = slots.slot(index);
  return {
    birthDate: new Date(slots.first + Math.floor(slot / 1000) * DAY_MS).toISOString().slice(0, 10),
    birthNumber: slot % 1000,
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface StoryOptions {
  readonly seed: number;
  readonly now: Date;
}

/** Plans participant `index` of the region: who they are, and every step of their record until `now`. */
export function planParticipant(region: DemoRegion, index: number, options: StoryOptions): ParticipantPlan {
  return new Story(region, index, options).plan();
}

class Story {
  private readonly random: Random;
  private readonly ids: Random;
  private readonly steps: Step[] = [];
  private readonly consentFor = new Set<string>();
  private readonly home: string;
  private readonly registrar: DemoOrganisation;
  private readonly sender: Actor;
  private readonly nowMs: number;
  private readonly anonymous: boolean;
  private readonly birth: { birthDate: string; birthNumber: number };
  /** Young enough for a feriejobb. */
  private readonly young: boolean;
  private deceased = false;

  constructor(
    private readonly region: DemoRegion,
    private readonly index: number,
    options: StoryOptions,
  ) {
    this.random = new Random(options.seed, 'participant', index);
    this.ids = new Random(options.seed, 'participant-ids', index);
    this.nowMs = options.now.getTime();
    this.home = this.random.weighted(MUNICIPALITIES.map((m) => [m.code, m.weight] as const));
    this.anonymous = this.random.chance(0.06);
    const registrarKind = this.anonymous
      ? this.random.weighted([
          ['labour_market_unit', 0.8],
          ['adult_education', 0.2],
        ] as const)
      : this.random.weighted([
          ['social_services', 0.55],
          ['employment_service', 0.25],
          ['labour_market_unit', 0.15],
          ['adult_education', 0.05],
        ] as const);
    this.registrar = this.organisation(registrarKind, this.home);
    this.sender = this.caseworkerOf(this.registrar);
    this.birth = demoIdentityNumber(options.seed, index, options.now);
    this.young = Number(this.birth.birthDate.slice(0, 4)) >= options.now.getUTCFullYear() - 22;
  }

  plan(): ParticipantPlan {
    const participantId = this.ids.uuid();
    const correlationId = this.ids.uuid();
    const registrationId = this.ids.uuid();
    const { birthDate, birthNumber } = this.birth;
    const legal = birthNumber % 2 === 0 ? 'female' : 'male';
    const gender: Gender = this.random.chance(0.01) ? 'annat' : legal === 'female' ? 'kvinna' : 'man';
    const newlyArrived = this.random.chance(0.22);
    const educationBand = this.random.weighted<EducationBand>([
      ['isced_0_2', newlyArrived ? 0.45 : 0.35],
      ['isced_3_4', 0.4],
      ['isced_5_8', 0.15],
      ['unknown', 0.08],
    ]);
    const registeredAt = this.nowMs - this.random.int(1, HISTORY_DAYS) * DAY_MS + this.random.int(-60, 360) * MINUTE_MS;
    const protectedIdentity = this.anonymous && this.random.chance(0.25);
    const personal: PersonalData | undefined = this.anonymous
      ? undefined
      : {
          personnummer: composePersonnummer(
            birthDate,
            birthNumber,
            newlyArrived && this.random.chance(0.3) ? 'samordningsnummer' : 'personnummer',
          ),
          firstName: this.random.pick(FIRST_NAMES[legal]),
          lastName: this.random.pick(LAST_NAMES),
          ...(this.random.chance(0.6)
            ? {
                phone: `07${this.random.int(0, 9)}-${this.random.int(100, 999)} ${this.random.int(10, 99)} ${this.random.int(10, 99)}`,
              }
            : {}),
        };

    this.tellJourneys(registeredAt + 10 * MINUTE_MS);
    if (!this.anonymous && this.consentFor.size > 0) {
      const consentId = this.ids.uuid();
      const last = Math.max(registeredAt, ...this.steps.map((step) => step.at));
      this.add(registeredAt + 5 * MINUTE_MS, this.sender, {
        kind: 'RecordConsent',
        participantId: '',
        consentId,
        organisationIds: [...this.consentFor],
        purpose: this.random.pick(['samverkan_arbete', 'dua_samverkan', 'samordnad_rehabilitering']),
        validFrom: dayInSweden(new Date(registeredAt).toISOString()),
      });
      // After every other step: withdrawing stops the sharing that the follow-ups needed.
      if (this.random.chance(0.02)) {
        this.add(last + this.random.int(30, 120) * DAY_MS, this.sender, {
          kind: 'WithdrawConsent',
          participantId: '',
          consentId,
        });
      }
    }

    const steps = this.steps
      .map((step, order) => ({ step, order }))
      .sort((a, b) => a.step.at - b.step.at || a.order - b.order)
      .map(({ step }) => step)
      // Whatever would happen after now has not happened yet.
      .filter((step) => step.at <= this.nowMs)
      .map((step) => ({ ...step, command: { ...step.command, participantId } }) as Step);
    return {
      index: this.index,
      participantId,
      ...(personal ? { personal } : { anonymousReason: protectedIdentity ? 'protected_identity' : 'no_consent' }),
      attributes: {
        gender,
        birthYear: Number(birthDate.slice(0, 4)),
        newlyArrived,
        educationBand,
        homeMunicipality: this.home,
      },
      registration: { at: registeredAt, actor: this.sender, eventId: registrationId },
      steps,
      correlationId,
    };
  }

  /** The participant's first journey, and perhaps a return to support later. */
  private tellJourneys(start: number): void {
    if (this.anonymous) {
      // Nothing may be shared, so the registering organisation runs one of its own tracks.
      const own = this.region.tracks.filter((track) => track.owner.kind === this.registrar.kind);
      this.runJourney(start, this.registrar, this.random.pick(own));
      return;
    }
    const end = this.referAndRun(start, this.pickTrack(this.random.weighted(TRACK_KINDS)));
    if (end !== undefined && !this.deceased && this.random.chance(0.07)) {
      // Re-entry: the same person comes back to social services or Arbetsförmedlingen months later.
      this.referAndRun(end + this.random.int(90, 365) * DAY_MS, this.pickTrack(this.random.weighted(TRACK_KINDS)));
    }
    if (this.random.chance(0.15)) this.referElsewhere(start + this.random.int(5, 60) * DAY_MS);
  }

  /** Refers the participant to the organisation that runs the track (unless it is the registrar), then runs a journey. */
  private referAndRun(at: number, track: DemoTrack): number | undefined {
    const runner = this.runnerOf(track);
    let t = at;
    if (runner.organisationId !== this.registrar.organisationId) {
      this.consentFor.add(runner.organisationId);
      const accepted = this.referUntilAccepted(t, runner, track.kind === 'education' ? 'education' : 'work_preparation', track);
      if (accepted === undefined) return undefined;
      t = accepted + this.random.int(0, 10) * DAY_MS + this.minutes();
    }
    return this.runJourney(t, runner, track);
  }

  /** Up to three referrals, each answered before the next; returns when one was accepted. */
  private referUntilAccepted(at: number, to: DemoOrganisation, reason: ReferralReason, track?: DemoTrack): number | undefined {
    let t = at;
    const receiver = this.caseworkerOf(to);
    for (let attempt = 0; attempt < 3; attempt++) {
      const referralId = this.ids.uuid();
      this.add(t, this.sender, {
        kind: 'ReferParticipant',
        participantId: '',
        referralId,
        toOrganisationId: to.organisationId,
        reason,
        ...(track ? { suggestedTrackId: track.trackId } : {}),
        deadlineDays: to.referralDeadlineDays,
      });
      const answeredAt = t + this.random.int(1, to.referralDeadlineDays - 1) * DAY_MS + this.minutes();
      const outcome = this.random.weighted(REFERRAL_OUTCOMES);
      switch (outcome) {
        case 'accepted':
          this.add(answeredAt, receiver, { kind: 'AcceptReferral', participantId: '', referralId });
          return answeredAt;
        case 'declined':
          this.add(answeredAt, receiver, {
            kind: 'DeclineReferral',
            participantId: '',
            referralId,
            reason: this.random.weighted(DECLINE_REASONS),
          });
          t = answeredAt;
          break;
        case 'withdrawn':
          this.add(answeredAt, this.sender, { kind: 'WithdrawReferral', participantId: '', referralId });
          t = answeredAt;
          break;
        case 'expired':
          t = t + to.referralDeadlineDays * DAY_MS;
          this.add(t, { userId: 'samspar', role: 'system' }, { kind: 'ExpireReferral', participantId: '', referralId });
          break;
        default: {
          const unknown: never = outcome;
          return unknown;
        }
      }
      if (!this.random.chance(0.7)) return undefined;
      t += this.random.int(3, 20) * DAY_MS + this.minutes();
    }
    return undefined;
  }

  /** A referral for an assessment or coordination beside the journey, for the referral flows. */
  private referElsewhere(at: number): void {
    const kind = this.random.weighted([
      ['region_health', 0.5],
      ['social_insurance', 0.25],
      ['coordination_association', 0.25],
    ] as const);
    const to = this.random.pick(this.region.ofKind(kind));
    if (to.organisationId === this.registrar.organisationId) return;
    this.consentFor.add(to.organisationId);
    this.referUntilAccepted(
      at,
      to,
      kind === 'region_health' ? 'health_assessment' : kind === 'social_insurance' ? 'income_support_coordination' : 'other',
    );
  }

  /** Opens, runs and closes a journey; returns when its last step happened. */
  private runJourney(at: number, runner: DemoOrganisation, firstTrack: DemoTrack): number {
    const journeyId = this.ids.uuid();
    const caseworker = this.caseworkerOf(runner);
    let t = at;
    this.add(t, caseworker, { kind: 'OpenJourney', participantId: '', journeyId });
    t += this.minutes();
    const assignment = this.add(t, caseworker, this.assignment(journeyId, runner, caseworker));
    if (this.random.chance(0.01) && runner.caseworkers.length > 1) {
      // Assigned to the wrong caseworker: voided, and the right one assigned.
      t += DAY_MS + this.minutes();
      this.add(t, caseworker, this.correction(journeyId, assignment, 'fel handläggare tilldelad'));
      t += this.minutes();
      this.add(t, caseworker, this.assignment(journeyId, runner, caseworker));
    }
    if (this.random.chance(0.01)) {
      this.add(t + this.random.int(0, 7) * DAY_MS + this.minutes(), caseworker, {
        kind: 'CloseJourney',
        participantId: '',
        journeyId,
        reason: 'registration_error',
      });
      return t;
    }

    let track = firstTrack;
    let entry = true;
    for (;;) {
      const movesOn = track.kind === 'preparatory' && this.random.chance(0.2);
      const exit = this.runEnrolment(t, journeyId, runner, caseworker, track, entry, movesOn);
      t = exit.at;
      entry = false;
      if (!movesOn) {
        const closedAt = t + this.random.int(0, 10) * DAY_MS + this.minutes();
        const reason = this.closingReason(exit.status);
        this.deceased = reason === 'deceased';
        this.add(closedAt, caseworker, { kind: 'CloseJourney', participantId: '', journeyId, reason });
        const reopened =
          (reason === 'no_contact' || reason === 'declined_further_support') && this.random.chance(0.15)
            ? closedAt + this.random.int(14, 60) * DAY_MS + this.minutes()
            : undefined;
        if (reopened === undefined) {
          if (exit.status) this.followUps(journeyId, caseworker, exit.at, exit.enrolmentId, exit.status);
          return closedAt;
        }
        this.add(reopened, caseworker, { kind: 'ReopenJourney', participantId: '', journeyId });
        t = reopened;
        track = this.pickTrack(track.kind);
        continue;
      }
      track = this.pickTrack(
        this.random.weighted([
          ['job_track', 0.6],
          ['education', 0.25],
          ['employment', 0.15],
        ] as const),
      );
      t += this.random.int(0, 14) * DAY_MS;
    }
  }

  /** Enrols, records the entry status, runs the interventions and records the exit; returns the exit. */
  private runEnrolment(
    at: number,
    journeyId: string,
    runner: DemoOrganisation,
    caseworker: Actor,
    track: DemoTrack,
    entry: boolean,
    movesOn: boolean,
  ): { at: number; enrolmentId: string; status?: DrawnStatus } {
    const enrolmentId = this.ids.uuid();
    let t = at + this.random.int(0, 14) * DAY_MS + this.minutes();
    this.add(t, caseworker, { kind: 'EnrolInTrack', participantId: '', journeyId, enrolmentId, trackId: track.trackId });
    if (entry) {
      t += this.minutes();
      const onIncomeSupport = this.registrar.kind === 'social_services' || this.random.chance(0.3);
      const recorded = this.add(
        t,
        caseworker,
        this.status(journeyId, enrolmentId, 'entry', entryStatus(this.random, onIncomeSupport), t),
      );
      if (this.random.chance(0.025)) {
        // The entry status was wrong: voided, and recorded again.
        t += this.random.int(1, 5) * DAY_MS + this.minutes();
        this.add(t, caseworker, this.correction(journeyId, recorded, 'fel status vid inskrivning'));
        t += this.minutes();
        this.add(t, caseworker, this.status(journeyId, enrolmentId, 'entry', entryStatus(this.random, onIncomeSupport), t));
      }
    }
    let foundWorkEarly = false;
    const interventions = this.random.int(1, track.kind === 'preparatory' ? 3 : 2);
    for (let i = 0; i < interventions && !foundWorkEarly; i++) {
      const interventionId = this.ids.uuid();
      const type = this.interventionType(track);
      t += this.random.int(0, 10) * DAY_MS + this.minutes();
      this.add(t, caseworker, {
        kind: 'PlanIntervention',
        participantId: '',
        journeyId,
        interventionId,
        type,
        providerOrganisationId: this.provider(type, runner, track).organisationId,
        enrolmentId,
      });
      // Some plans never start: the place fell through, or the participant moved on.
      if (this.random.chance(0.08)) continue;
      t += this.random.int(3, 21) * DAY_MS + this.minutes();
      this.add(t, caseworker, { kind: 'StartIntervention', participantId: '', journeyId, interventionId });
      t += this.random.int(...this.duration(type)) * DAY_MS + this.minutes();
      if (this.random.chance(0.75)) {
        this.add(t, caseworker, { kind: 'CompleteIntervention', participantId: '', journeyId, interventionId });
      } else {
        const reason = this.random.weighted(INTERRUPTION_REASONS);
        this.add(t, caseworker, { kind: 'InterruptIntervention', participantId: '', journeyId, interventionId, reason });
        foundWorkEarly = reason === 'found_work';
      }
    }
    t += this.random.int(0, 7) * DAY_MS + this.minutes();
    const status = foundWorkEarly && !movesOn ? foundWork(this.random) : exitStatus(this.random, track.kind, movesOn);
    // A few exits are never recorded; they count against the rate, as Kolada counts them.
    const recorded = this.random.chance(0.98);
    if (recorded) this.add(t, caseworker, this.status(journeyId, enrolmentId, 'exit', status));
    t += this.minutes();
    this.add(t, caseworker, { kind: 'EndTrackEnrolment', participantId: '', journeyId, enrolmentId });
    return { at: t, enrolmentId, ...(recorded ? { status } : {}) };
  }

  private followUps(journeyId: string, caseworker: Actor, exitAt: number, enrolmentId: string, atExit: DrawnStatus): void {
    for (const [moment, from, to, share] of FOLLOW_UPS) {
      const status = followUpStatus(this.random, moment, atExit);
      const at = exitAt + this.random.int(from, to) * DAY_MS + this.minutes();
      if (this.random.chance(share)) this.add(at, caseworker, this.status(journeyId, enrolmentId, moment, status));
    }
  }

  private closingReason(status: DrawnStatus | undefined): ClosingReason {
    if (status && isWork(status.status)) return 'work';
    if (status?.status === 'studies_with_study_allowance' || status?.status === 'studies_other') return 'studies';
    if (status?.status === 'on_sick_leave_or_unable') return 'other_support';
    return this.random.weighted<ClosingReason>([
      ['other_support', 0.3],
      ['no_contact', 0.25],
      ['moved', 0.2],
      ['declined_further_support', 0.22],
      ['deceased', 0.01],
    ]);
  }

  private status(
    journeyId: string,
    enrolmentId: string,
    moment: RecordLabourMarketStatus['moment'],
    drawn: DrawnStatus,
    at?: number,
  ): RecordLabourMarketStatus {
    const statusId = this.ids.uuid();
    const unemployedSince = at === undefined ? undefined : unemployedSinceOf(statusId, drawn, at);
    return {
      kind: 'RecordLabourMarketStatus',
      participantId: '',
      journeyId,
      statusId,
      moment,
      status: drawn.status,
      incomeSources: drawn.incomeSources,
      ...(drawn.expectedToLastOneMonth !== undefined ? { expectedToLastOneMonth: drawn.expectedToLastOneMonth } : {}),
      ...(unemployedSince ? { unemployedSince } : {}),
      enrolmentId,
    };
  }

  private assignment(journeyId: string, runner: DemoOrganisation, preferred: Actor): AssignCaseworker {
    const caseworker = this.random.chance(0.9)
      ? runner.caseworkers.find((c) => c.userId === preferred.userId)!
      : this.random.pick(runner.caseworkers);
    return {
      kind: 'AssignCaseworker',
      participantId: '',
      journeyId,
      caseworkerId: caseworker.userId,
      ...(caseworker.unitId ? { unitId: caseworker.unitId } : {}),
    };
  }

  private correction(journeyId: string, stepEventId: string, reason: string): CorrectStep {
    return { kind: 'CorrectStep', participantId: '', journeyId, stepEventId, reason };
  }

  private interventionType(track: DemoTrack): InterventionType {
    const type = this.random.weighted(INTERVENTIONS[track.kind]);
    return type === 'feriejobb' && !this.young ? 'praktik' : type;
  }

  private duration(type: InterventionType): [number, number] {
    switch (type) {
      case 'utbildning':
        return [60, 240];
      case 'subventionerad_anstallning':
        return [120, 365];
      case 'arbetsformagebedomning':
      case 'vagledning':
        return [10, 45];
      case 'feriejobb':
        return [14, 28];
      default:
        return [30, 120];
    }
  }

  /** Who delivers the intervention: often the track's own organisations, sometimes in another municipality. */
  private provider(type: InterventionType, runner: DemoOrganisation, track: DemoTrack): DemoOrganisation {
    const elsewhere = this.random.chance(0.15);
    const local = (kind: DemoOrganisation['kind']) => {
      if (elsewhere) return this.random.pick(this.region.ofKind(kind));
      return this.region.local(kind, this.home) ?? this.random.pick(this.region.ofKind(kind));
    };
    switch (type) {
      case 'praktik':
      case 'subventionerad_anstallning':
        if (track.employers.length > 0) return this.random.pick(track.employers);
        return this.random.chance(0.6) ? this.random.pick(this.region.ofKind('employer')) : local('labour_market_unit');
      case 'utbildning':
        return track.kind === 'education' && !elsewhere ? track.owner : local('adult_education');
      case 'arbetsformagebedomning':
        return this.random.pick(this.region.ofKind('region_health'));
      case 'arbetstraning':
      case 'feriejobb':
        return elsewhere ? local('labour_market_unit') : track.owner.kind === 'labour_market_unit' ? track.owner : runner;
      case 'vagledning':
      case 'coaching':
        return runner;
      default: {
        const unknown: never = type;
        return unknown;
      }
    }
  }

  /** Tracks near home are likelier; GR's residents also reach a neighbour's. */
  private pickTrack(kind: TrackKind): DemoTrack {
    const tracks = this.region.tracks.filter((track) => track.kind === kind);
    return this.random.weighted(tracks.map((track) => [track, track.owner.municipalityCode === this.home ? 4 : 1] as const));
  }

  /** The home municipality's organisation of the kind that owns the track. */
  private runnerOf(track: DemoTrack): DemoOrganisation {
    return this.organisation(track.owner.kind, this.home);
  }

  private organisation(kind: DemoOrganisation['kind'], municipalityCode: string): DemoOrganisation {
    if (kind === 'employment_service') return this.region.employmentOffice(municipalityCode);
    return this.region.local(kind, municipalityCode) ?? this.random.pick(this.region.ofKind(kind));
  }

  private caseworkerOf(organisation: DemoOrganisation): Actor {
    const caseworker = this.random.pick(organisation.caseworkers);
    return { userId: caseworker.userId, role: 'caseworker', organisationId: organisation.organisationId };
  }

  private minutes(): number {
    return this.random.int(5, 180) * MINUTE_MS;
  }

  /** Returns the id of the event the step will record. */
  private add(at: number, actor: Actor, command: StepCommand): string {
    const eventId = this.ids.uuid();
    this.steps.push({ at, actor, command, eventId });
    return eventId;
  }
}

/**
 * Since when an unemployed person at entry has been without work: 1 to 36 months before, unknown for about one in
 * seven. Drawn from the status id rather than the story's random source, so that the rest of a seeded region is
 * the same as before the field existed.
 */
function unemployedSinceOf(statusId: string, drawn: DrawnStatus, at: number): string | undefined {
  if (drawn.status !== 'job_seeking' && drawn.status !== 'labour_market_programme') return undefined;
  const draw = parseInt(statusId.replace(/-/g, '').slice(0, 8), 16);
  if (draw % 7 === 0) return undefined;
  const months = 1 + (Math.floor(draw / 7) % 36);
  return new Date(at - months * 30.44 * DAY_MS).toISOString().slice(0, 10);
}
