import { readFileSync, readdirSync } from 'node:fs';

// CPU seconds spent by the server's main thread and by the PostgreSQL backends serving one
// database. Per request, these stay meaningful when other work shares the machine, where
// requests/s does not. Linux /proc only; elsewhere, or for a remote server, the values are null.

const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 1_000;

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

function mainThreadSeconds(): number | null {
  return cpuSecondsOf(`/proc/self/task/${process.pid}/stat`);
}

/** CPU seconds so far of every process whose title names the database, as PostgreSQL titles its backends. */
function postgresSecondsByPid(database: string, titled: Map<string, boolean>): Map<string, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return null;
  }
  const seconds = new Map<string, number>();
  for (const pid of pids) {
    let ours = titled.get(pid);
    if (ours === undefined) {
      try {
        ours = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
      } catch {
        continue;
      }
      titled.set(pid, ours);
    }
    if (!ours) continue;
    const used = cpuSecondsOf(`/proc/${pid}/stat`);
    if (used !== null) seconds.set(pid, used);
  }
  return seconds;
}

export interface CpuPerRequest {
  /** Milliseconds of CPU per 2xx response. */
  readonly serverMainThreadMs: number | null;
  readonly postgresMs: number | null;
}

/**
 * The server's main thread and the database's backends, from construction to stop(). Backends are
 * sampled every second, so that one that ends during the run (a pool closing a connection idle for
 * ten seconds) keeps the CPU it used; one that starts during the run counts whole.
 */
export class CpuMeter {
  private readonly titled = new Map<string, boolean>();
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly mainThreadAtStart = mainThreadSeconds();
  private available: boolean;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly database: string) {
    const now = postgresSecondsByPid(database, this.titled);
    this.available = now !== null && now.size > 0;
    for (const [pid, used] of now ?? []) {
      this.first.set(pid, used);
      this.last.set(pid, used);
    }
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(requests: number): CpuPerRequest {
    const mainThreadAtEnd = mainThreadSeconds();
    clearInterval(this.timer);
    this.sample();
    let postgres = 0;
    for (const [pid, used] of this.last) postgres += used - (this.first.get(pid) ?? 0);
    const per = (seconds: number | null) =>
      seconds === null || requests === 0 ? null : Math.round((seconds * 1e6) / requests) / 1000;
    const mainThread =
      this.mainThreadAtStart === null || mainThreadAtEnd === null ? null : mainThreadAtEnd - this.mainThreadAtStart;
    return { serverMainThreadMs: per(mainThread), postgresMs: per(this.available ? postgres : null) };
  }

  private sample(): void {
    const now = postgresSecondsByPid(this.database, this.titled);
    if (now === null) {
      this.available = false;
      return;
    }
    for (const [pid, used] of now) {
      if (!this.first.has(pid)) this.first.set(pid, 0);
      this.last.set(pid, used);
    }
  }
}
