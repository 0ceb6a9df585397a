import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { openEventStore, openSqlClient } from '@samspar/event-store';
import { AppConfig, describeDatabase, eventStoreConfigOf } from '@samspar/platform';
import { PROJECTIONS, ProjectionRunner, ReadModelRegistry, RebuildInProgressError } from '@samspar/read-models';
import type { RebuildProgress } from '@samspar/read-models';

/** A mistake in the rebuild arguments; main prints it as one line, exit code 2. */
export class RebuildUsageError extends Error {}

export const REBUILD_HELP = `samspar rebuild <read-model|all>: build a read model again from the whole event log, blue/green

The new generation is built in its own schema while the current one keeps serving; when it has caught
up with the log it takes over, and the old one is dropped. A rebuild that stops half-way resumes where
it was on the next run. With PGlite, stop the api first (PGlite allows one process).

Read models: ${PROJECTIONS.map((projection) => projection.name).join(', ')}

Examples:
  npm run cli -- rebuild all
  npm run cli -- rebuild journeys
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run cli -- rebuild catalogue
`;

export function parseRebuildArguments(args: readonly string[]): string[] {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: [...args], strict: true, allowPositionals: true, options: {} }));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('. ')[0]!.replace(/\s+/g, ' ');
    throw new RebuildUsageError(`rebuild: ${reason}; it takes only the read model's name, as in: samspar rebuild journeys`);
  }
  const names = PROJECTIONS.map((projection) => projection.name);
  if (positionals.length !== 1) {
    throw new RebuildUsageError(`rebuild: name one read model (${names.join(', ')}) or all, as in: samspar rebuild all`);
  }
  const [name] = positionals as [string];
  if (name === 'all') return names;
  if (!names.includes(name)) {
    throw new RebuildUsageError(
      `rebuild: there is no read model ${JSON.stringify(name.slice(0, 60))}; choose ${names.join(', ')} or all`,
    );
  }
  return [name];
}

const figures = new Intl.NumberFormat('en-GB');

/** Rebuilds the named read models one after the other; shows a progress bar on a terminal. */
export async function runRebuild(
  args: readonly string[],
  config: AppConfig,
  interactive = Boolean(process.stderr.isTTY),
): Promise<string> {
  const names = parseRebuildArguments(args);
  const storeConfig = eventStoreConfigOf(config);
  const sql = await openSqlClient(storeConfig).catch((error: unknown) => {
    throw new RebuildUsageError(`Could not open ${describeDatabase(config)}: ${String(error)}; check DATABASE_URL or DATA_DIR.`);
  });
  const lines: string[] = [];
  try {
    const store = await openEventStore(storeConfig, sql);
    try {
      const registry = new ReadModelRegistry(sql, config.databaseSchema);
      await registry.migrate();
      for (const projection of PROJECTIONS.filter((each) => names.includes(each.name))) {
        const runner = new ProjectionRunner(store, registry, projection, { dropAfterMs: 1_000 });
        const bar = interactive
          ? new SingleBar({
              format: `${projection.name.padEnd(10)} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s`,
              stream: process.stderr,
              hideCursor: true,
            })
          : undefined;
        let started = false;
        const show = (progress: RebuildProgress): void => {
          if (!bar) return;
          const total = Math.max(progress.total ?? progress.done, progress.done);
          if (!started) {
            bar.start(total, progress.done, { rate: progress.eventsPerSecond });
            started = true;
          }
          bar.setTotal(total);
          bar.update(progress.done, { rate: figures.format(progress.eventsPerSecond) });
        };
        const began = Date.now();
        try {
          const generation = await runner.rebuild(show).catch((error: unknown) => {
            throw error instanceof RebuildInProgressError
              ? new RebuildUsageError(
                  `rebuild: ${projection.name} is already being rebuilt by another process; wait for it (GET /api/v1/admin/read-models/${projection.name} shows its progress).`,
                )
              : error;
          });
          const seconds = (Date.now() - began) / 1000;
          const done = runner.status().rebuild?.done ?? generation.eventsDone;
          lines.push(
            `${projection.name}: generation ${generation.generation} serves now; ${figures.format(done)} events in ${seconds.toFixed(1)} s (${figures.format(Math.round(done / Math.max(seconds, 0.001)))} events/s).`,
          );
        } finally {
          bar?.stop();
          await runner.stop();
        }
      }
    } finally {
      await store.close();
    }
  } finally {
    await sql.close();
  }
  return `${lines.join('\n')}\n`;
}
