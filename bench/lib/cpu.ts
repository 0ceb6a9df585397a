import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU seconds spent by the server's main thread and by the PostgreSQL backends serving one
 * database. Per request, these stay meaningful when other work shares the machine, where
 * requests/s does not. Linux /proc only; elsewhere, or for a remote server, the values are null.
 */
export interface CpuSnapshot {
  readonly mainThread: number | null;
  readonly postgres: number | null;
}

const TICKS_PER_SECOND = 100;

function cpuSecondsOf(statPath: string): number | null {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // Fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Sums every process whose title names the database, as PostgreSQL titles its backends. */
function postgresSecondsFor(database: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  let total = 0;
  let found = false;
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
    } catch {
      continue;
    }
    const seconds = cpuSecondsOf(`/proc/${pid}/stat`);
    if (seconds === null) continue;
    total += seconds;
    found = true;
  }
  return found ? total : null;
}

export function cpuSnapshot(database: string): CpuSnapshot {
  return { mainThread: cpuSecondsOf(`/proc/self/task/${process.pid}/stat`), postgres: postgresSecondsFor(database) };
}

export interface CpuPerRequest {
  /** Milliseconds of CPU per 2xx response. */
  readonly serverMainThreadMs: number | null;
  readonly postgresMs: number | null;
}

export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): CpuPerRequest {
  const per = (a: number | null, b: number | null) =>
    a === null || b === null || requests === 0 ? null : Math.round(((b - a) * 1e6) / requests) / 1000;
  return { serverMainThreadMs: per(before.mainThread, after.mainThread), postgresMs: per(before.postgres, after.postgres) };
}
