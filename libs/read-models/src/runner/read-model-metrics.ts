import { Gauge, register } from 'prom-client';
import type { ProjectionRunner } from './projection-runner';

const runners = new Set<ProjectionRunner>();
let registered = false;

/** Lag and progress of the read models this process runs, for /metrics. */
export function registerReadModelMetrics(ofProcess: readonly ProjectionRunner[]): void {
  for (const runner of ofProcess) runners.add(runner);
  if (registered) return;
  registered = true;
  const leaders = (): ProjectionRunner[] => [...runners].filter((runner) => runner.status().leader);
  new Gauge({
    name: 'samspar_read_model_lag_seconds',
    help: 'Seconds between now and the recordedAt of the newest event a read model has applied, while it is behind',
    labelNames: ['read_model'],
    collect() {
      this.reset();
      for (const runner of leaders()) this.set({ read_model: runner.projection.name }, runner.status().lagSeconds);
    },
  });
  new Gauge({
    name: 'samspar_read_model_events_applied',
    help: 'Events the active generation of a read model has applied',
    labelNames: ['read_model'],
    collect() {
      this.reset();
      for (const runner of leaders()) this.set({ read_model: runner.projection.name }, runner.status().eventsApplied);
    },
  });
  new Gauge({
    name: 'samspar_read_model_caught_up',
    help: '1 when a read model has applied everything in the log',
    labelNames: ['read_model'],
    collect() {
      this.reset();
      for (const runner of leaders()) this.set({ read_model: runner.projection.name }, runner.status().caughtUp ? 1 : 0);
    },
  });
}

export { register as metricsRegistry };
