import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { lock } from 'proper-lockfile';

/** Another process has the embedded database open; its files are one process's alone. */
export class DataDirInUseError extends Error {
  readonly code = 'DATA_DIR_IN_USE';
}

interface Owner {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
  /** The Unix socket on which the holder serves the database to local PostgreSQL clients, if it does. */
  readonly socket?: string;
}

/** A live process that holds the directory and serves its database on a socket. */
export interface DataDirServer {
  readonly pid: number;
  readonly command: string;
  readonly socket: string;
}

// A live holder renews the lock every few seconds; one that has not for this long has stopped without letting go.
const STALE_MS = 30_000;
const UPDATE_MS = 5_000;

const ownerFile = (dataDir: string) => join(dirname(resolve(dataDir)), `.${basename(resolve(dataDir))}.owner.json`);

function ownerOf(dataDir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds the embedded database's directory for this process until `release`. PGlite's files are written by one
 * process only: a second one would not see the first one's writes and could corrupt them. The lock is a
 * directory beside the data (proper-lockfile), renewed while this process lives; the holder is named in a file
 * beside it, so that the refusal can say who holds it. A holder that died (kill -9) is taken over at once.
 */
export async function holdDataDir(dataDir: string, command = processName()): Promise<() => Promise<void>> {
  const options = {
    stale: STALE_MS,
    update: UPDATE_MS,
    // The holder is told, not crashed, if its lock was taken: the process's own data is still consistent.
    onCompromised: (error: Error) => process.emitWarning(`The lock on ${dataDir} was lost: ${error.message}`),
  };
  let release: () => Promise<void>;
  try {
    release = await lock(dataDir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = ownerOf(dataDir);
    if (owner && owner.pid !== process.pid && !alive(owner.pid)) {
      rmSync(`${resolve(dataDir)}.lock`, { recursive: true, force: true });
      release = await lock(dataDir, options);
    } else {
      throw new DataDirInUseError(inUse(dataDir, owner));
    }
  }
  const owner: Owner = { pid: process.pid, command, since: new Date().toISOString() };
  writeFileSync(ownerFile(dataDir), JSON.stringify(owner));
  return async () => {
    rmSync(ownerFile(dataDir), { force: true });
    await release().catch(() => undefined);
  };
}

/** Names the socket on which this process, the holder, serves the database. */
export function announceSocket(dataDir: string, socket: string): void {
  const owner = ownerOf(dataDir);
  if (owner?.pid !== process.pid) return;
  writeFileSync(ownerFile(dataDir), JSON.stringify({ ...owner, socket }));
}

/**
 * The process that holds `dataDir` and serves it on a socket, if one does: another process then uses the
 * database through it instead of opening the files. Undefined when nobody holds it, the holder is gone, or it
 * serves no socket (the projector, an older api).
 */
export function dataDirServer(dataDir: string): DataDirServer | undefined {
  const owner = ownerOf(dataDir);
  if (!owner?.socket || owner.pid === process.pid || !alive(owner.pid) || !existsSync(owner.socket)) return undefined;
  return { pid: owner.pid, command: owner.command, socket: owner.socket };
}

function inUse(dataDir: string, owner: Owner | undefined): string {
  const who = owner ? `process ${owner.pid} (${owner.command}, since ${owner.since})` : 'another process';
  return (
    `The embedded database in ${dataDir} is in use by ${who}; PGlite's files belong to one process at a time. ` +
    'Stop that process first, or give both the same PostgreSQL server with DATABASE_URL.'
  );
}

/** `samspar api`, `samspar cli demo:generate`, or the script's name. */
function processName(): string {
  const script = process.argv[1] ?? 'node';
  const app = /apps\/([a-z-]+)\/src\/main\.js$/.exec(script)?.[1];
  if (!app) return basename(script);
  return app === 'cli' && process.argv[2] ? `samspar cli ${process.argv[2]}` : `samspar ${app}`;
}
