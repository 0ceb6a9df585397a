import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE } from '@samspar/event-store';
import type { EventStore } from '@samspar/event-store';
import { comparePositions } from '@samspar/kernel';
import type { HealthDetails } from '@samspar/platform';
import { PROJECTION_RUNNERS, READ_MODEL_REGISTRY } from '../read-models.tokens';
import type { ProjectionRunner } from './projection-runner';
import { ReadModelRegistry, readCheckpoint } from './read-model-registry';

/** Each read model's position against the head of the log, for /health/ready, wherever its leader runs. */
@Injectable()
export class ReadModelsHealth implements HealthDetails {
  readonly name = 'read-models';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_REGISTRY) private readonly registry: ReadModelRegistry,
    @Inject(PROJECTION_RUNNERS) private readonly runners: readonly ProjectionRunner[],
  ) {}

  async details(): Promise<Record<string, unknown>> {
    const head = await this.store.headPosition();
    const entries = await Promise.all(
      this.runners.map(async (runner) => {
        const name = runner.projection.name;
        const active = await this.registry.active(name);
        if (!active) return [name, { state: 'not built yet' }] as const;
        const checkpoint = await readCheckpoint(this.registry.sql, active.schema);
        const caughtUp = comparePositions(checkpoint.position, head) >= 0;
        const status = runner.status();
        const lagSeconds =
          caughtUp || !checkpoint.lastRecordedAt ? 0 : (Date.now() - Date.parse(checkpoint.lastRecordedAt)) / 1000;
        return [
          name,
          {
            generation: active.generation,
            position: checkpoint.position,
            head,
            caughtUp,
            lagSeconds: Math.round(lagSeconds * 10) / 10,
            eventsApplied: checkpoint.eventsApplied,
            leaderInThisProcess: status.leader,
            ...(status.rebuild && !status.rebuild.finished ? { rebuild: status.rebuild } : {}),
            ...(status.lastError ? { lastError: status.lastError } : {}),
          },
        ] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}
