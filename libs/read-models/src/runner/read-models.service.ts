import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { SQL_CLIENT, quoteIdent } from '@samspar/event-store';
import type { SqlClient } from '@samspar/event-store';
import { GlobalPosition, comparePositions } from '@samspar/kernel';
import { ProblemException } from '@samspar/platform';
import { READ_MODEL_REGISTRY } from '../read-models.tokens';
import { ReadModelRegistry, readCheckpoint } from './read-model-registry';

/** The quoted schemas that reports read, and how far the journeys read model has got. */
export interface ReportTables {
  readonly journeys: string;
  readonly catalogue: string;
  readonly position: GlobalPosition;
}

export const DEFAULT_WAIT_MS = 5_000;
const POLL_MS = 15;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The query side's view of the read models: where their tables are, and read-your-writes. */
@Injectable()
export class ReadModels {
  constructor(
    @Inject(SQL_CLIENT) readonly sql: SqlClient,
    @Inject(READ_MODEL_REGISTRY) readonly registry: ReadModelRegistry,
  ) {}

  /** The active schema of a read model, with its checkpoint; 503 while it has never been built. */
  async active(name: string): Promise<{ schema: string; position: GlobalPosition }> {
    const generation = await this.registry.active(name);
    if (!generation) {
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'read-model-not-ready',
        `The ${name} read model is being built for the first time; try again shortly.`,
      );
    }
    const checkpoint = await readCheckpoint(this.sql, generation.schema);
    return { schema: generation.schema, position: checkpoint.position };
  }

  /**
   * Waits until every named read model has applied `minPosition`, so that a client sees its own
   * command's effect. Gives 503 when the wait runs out, and the client may ask again.
   */
  async reached(
    names: readonly string[],
    minPosition?: string,
    waitMs = DEFAULT_WAIT_MS,
  ): Promise<Record<string, { schema: string; position: GlobalPosition }>> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const states = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await this.active(name)] as const)));
      const behind =
        minPosition === undefined ? [] : names.filter((name) => comparePositions(states[name]!.position, minPosition) < 0);
      if (behind.length === 0) return states;
      if (Date.now() >= deadline) {
        throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          'read-model-behind',
          `The ${behind.join(' and ')} read model has not yet reached position ${minPosition} (it is at ${states[behind[0]!]!.position}); ask again, or wait longer with waitMs.`,
          'minPosition',
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** The schemas every report reads. */
  async reportTables(minPosition?: string, waitMs?: number): Promise<ReportTables> {
    const states = await this.reached(['journeys', 'catalogue'], minPosition, waitMs);
    return {
      journeys: quoteIdent(states['journeys']!.schema),
      catalogue: quoteIdent(states['catalogue']!.schema),
      position: states['journeys']!.position,
    };
  }
}
