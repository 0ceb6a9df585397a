import { Gauge, register } from 'prom-client';
import type { StreamStateCache } from '../command-handling';

/** The command handler's cache in /metrics: hits, misses and streams kept. */
export function registerCommandCacheMetrics(cache: StreamStateCache): void {
  // Another app in the same process (a test) replaces the gauges rather than failing on the name.
  for (const name of ['samspar_command_cache_hits', 'samspar_command_cache_misses', 'samspar_command_cache_streams']) {
    register.removeSingleMetric(name);
  }
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      collect() {
        this.set(value());
      },
    });
  gauge('samspar_command_cache_hits', 'Commands decided on the cached state of their stream', () => cache.stats().hits);
  gauge('samspar_command_cache_misses', 'Commands that had to read their stream from the start', () => cache.stats().misses);
  gauge('samspar_command_cache_streams', 'Streams whose folded state the command handler keeps', () => cache.stats().size);
}
