import { LabourMarketStatus, TRACK_KINDS, TrackKind, countsAsWorkOrStudies, isWork } from '@samspar/journeys';

/** Work or studies at exit, counted from events as metrics.md defines it, over every enrolment that ended. */
export interface OutcomeRates {
  readonly endedEnrolments: number;
  /** Share of ended enrolments whose exit status is work (≥ 1 month) or studies with studiemedel. */
  readonly workOrStudiesAtExit: number;
  readonly byTrackKind: Readonly<Record<TrackKind, { readonly ended: number; readonly workOrStudies: number }>>;
  /** After a lokalt jobbspår: the shares in work (≥ 1 month) and in studies with studiemedel. */
  readonly jobTrack: { readonly ended: number; readonly employed: number; readonly studies: number };
}

interface EventLike {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

interface Counts {
  ended: number;
  work: number;
  studies: number;
}

/**
 * A small, independent count of the headline rates, so that the generator (and its tests) can show what the
 * demo region yields without the read models.
 */
export class OutcomeTally {
  private readonly counts = new Map<TrackKind, Counts>(TRACK_KINDS.map((kind) => [kind, { ended: 0, work: 0, studies: 0 }]));

  constructor(private readonly trackKinds: ReadonlyMap<string, TrackKind>) {}

  /** One participant's stream, whole and in order. */
  addStream(events: readonly EventLike[]): void {
    const corrected = new Set<string>();
    for (const event of events) {
      if (event.type === 'StepCorrected') corrected.add((event.data as { correctedEventId: string }).correctedEventId);
    }
    const enrolments = new Map<string, { journeyId: string; trackId: string; ended: boolean }>();
    const exits = new Map<string, { status: LabourMarketStatus; expectedToLastOneMonth?: boolean }>();
    const closedAs = new Map<string, string>();
    for (const event of events) {
      if (corrected.has(event.id)) continue;
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'TrackEnrolled':
          enrolments.set(data.enrolmentId as string, {
            journeyId: data.journeyId as string,
            trackId: data.trackId as string,
            ended: false,
          });
          break;
        case 'TrackEnrolmentEnded': {
          const enrolment = enrolments.get(data.enrolmentId as string);
          if (enrolment) enrolment.ended = true;
          break;
        }
        case 'LabourMarketStatusRecorded':
          if (data.moment === 'exit' && typeof data.enrolmentId === 'string') {
            exits.set(data.enrolmentId, {
              status: data.status as LabourMarketStatus,
              ...(typeof data.expectedToLastOneMonth === 'boolean'
                ? { expectedToLastOneMonth: data.expectedToLastOneMonth }
                : {}),
            });
          }
          break;
        case 'JourneyClosed':
          closedAs.set(data.journeyId as string, data.reason as string);
          break;
        case 'JourneyReopened':
          closedAs.delete(data.journeyId as string);
          break;
      }
    }
    for (const [enrolmentId, enrolment] of enrolments) {
      const kind = this.trackKinds.get(enrolment.trackId);
      if (!enrolment.ended || kind === undefined || closedAs.get(enrolment.journeyId) === 'registration_error') continue;
      const counts = this.counts.get(kind)!;
      counts.ended += 1;
      const exit = exits.get(enrolmentId);
      if (exit && countsAsWorkOrStudies(exit)) {
        if (isWork(exit.status)) counts.work += 1;
        else counts.studies += 1;
      }
    }
  }

  rates(): OutcomeRates {
    const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
    const all = [...this.counts.values()].reduce(
      (sum, counts) => ({ ended: sum.ended + counts.ended, hits: sum.hits + counts.work + counts.studies }),
      { ended: 0, hits: 0 },
    );
    const byTrackKind = Object.fromEntries(
      [...this.counts].map(([kind, counts]) => [
        kind,
        { ended: counts.ended, workOrStudies: share(counts.work + counts.studies, counts.ended) },
      ]),
    ) as Record<TrackKind, { ended: number; workOrStudies: number }>;
    const job = this.counts.get('job_track')!;
    return {
      endedEnrolments: all.ended,
      workOrStudiesAtExit: share(all.hits, all.ended),
      byTrackKind,
      jobTrack: { ended: job.ended, employed: share(job.work, job.ended), studies: share(job.studies, job.ended) },
    };
  }
}
