import { SingleBar } from 'cli-progress';
import type { AppConfig } from '@samspar/platform';
import { RecordKeys } from '@samspar/privacy';
import {
  PROJECTION_NAMES,
  ProjectionRunner,
  ReadModelRegistry,
  RebuildInProgressError,
  readModelProjections,
} from '@samspar/read-models';
import type { RebuildProgress } from '@samspar/read-models';
import { Command, UsageError, keysForStoredData, parseCommandArguments, withEventStore } from '../support';

export const REBUILD_HELP = `samspar rebuild <read-model|all>: build a read model again from the whole event log, blue/green

The new generation is built in its own schema while the current one keeps serving; when it has caught
up with the log it takes over, and the old one is dropped. A rebuild that stops half-way resumes where
it was on the next run. With PGlite, through the running api's socket while it runs.

Read models: ${PROJECTION_NAMES.join(', ')}

Examples:
  npm run cli -- rebuild all
  npm run cli -- rebuild journeys
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run cli -- rebuild catalogue
`;

export function parseRebuildArguments(args: readonly string[]): string[] {
  const { positionals } = parseCommandArguments(
    args,
    { command: 'rebuild', takes: "it takes only the read model's name", example: 'samspar rebuild journeys' },
    { allowPositionals: true, options: {} },
  );
  const names = PROJECTION_NAMES;
  if (positionals.length !== 1) {
    throw new UsageError(`rebuild: name one read model (${names.join(', ')}) or all, as in: samspar rebuild all`);
  }
  const [name] = positionals as [string];
  if (name === 'all') return [...names];
  if (!names.includes(name)) {
    throw new UsageError(
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
  const lines: string[] = [];
  // The record keys of the reports' disclosure control derive from the api's privacy keys.
  const recordKeys = RecordKeys.fromLookupKey(keysForStoredData('rebuild', config).lookupKey);
  await withEventStore('rebuild', config, async ({ sql, store }) => {
    const registry = new ReadModelRegistry(sql, config.databaseSchema);
    await registry.migrate();
    for (const projection of readModelProjections(recordKeys).filter((each) => names.includes(each.name))) {
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
            ? new UsageError(
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
  });
  return `${lines.join('\n')}\n`;
}

export const rebuildCommand: Command = {
  name: 'rebuild',
  help: REBUILD_HELP,
  run: async (args, config) => ({ output: await runRebuild(args, config) }),
};
