import { Gauge, register } from 'prom-client';
import type { JourneyReads } from './journey-reads';

const NAMES = ['samspar_journey_reads_hits', 'samspar_journey_reads_misses', 'samspar_journey_reads_events'] as const;

/** What the evaluators' replay keeps, in /metrics: whether it spares the store, and what it holds. */
export function registerJourneyReadsMetrics(reads: JourneyReads): void {
  // Another app in the same process (a test) replaces the gauges rather than failing on the name.
  for (const name of NAMES) register.removeSingleMetric(name);
  const gauge = (name: (typeof NAMES)[number], help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      collect() {
        this.set(value());
      },
    });
  gauge(NAMES[0], 'Journey replays that read only what was appended to a kept stream', () => reads.stats().hits);
  gauge(NAMES[1], 'Journey replays that read their stream whole', () => reads.stats().misses);
  gauge(NAMES[2], 'Events the journey replays keep in memory', () => reads.stats().events);
}
