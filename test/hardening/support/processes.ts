import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root: the built apps are under dist/ there (`npm run test:hardening` builds first). */
export const ROOT = resolve(__dirname, '..', '..', '..');

export const API_MAIN = 'dist/apps/api/src/main.js';
export const PROJECTOR_MAIN = 'dist/apps/projector/src/main.js';
export const CLI_MAIN = 'dist/apps/cli/src/main.js';

const LOG_LINES_KEPT = 200;
const running = new Set<ChildProcess>();

// A failed or interrupted run must not leave an api or a projector behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const sleep = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A node process of ours, its last log lines kept for the failure message. */
export class NodeProcess {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    script: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this.child);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        this.lines.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
        if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
      }
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolveExit) =>
      this.child.once('exit', (code, signal) => {
        running.delete(this.child);
        resolveExit({ code, signal });
      }),
    );
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  logs(last = 40): string {
    return this.lines.slice(-last).join('\n');
  }

  /** Lines logged so far that match, e.g. error-level pino lines. */
  logLines(): readonly string[] {
    return this.lines;
  }

  /** kill -9: no shutdown hook runs, open transactions are cut off. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/** A Samspår server (api or projector) on a port of its own, with its readiness URL. */
export class ServerProcess extends NodeProcess {
  constructor(
    name: string,
    script: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    super(name, script, [], { ...env, PORT: String(port) });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Until /health/ready answers 200; fails early when the process exits. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.alive) throw new Error(`${this.name} exited before it was ready:\n${this.logs()}`);
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.logs()}`);
      await sleep(100);
    }
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs `samspar <args>` to its end (or kills it after timeoutMs). */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<CliResult> {
  const cli = new NodeProcess(`samspar ${args.join(' ')}`, CLI_MAIN, args, env);
  const timer = setTimeout(() => void cli.kill(), timeoutMs);
  try {
    const { code, signal } = await cli.exited;
    return { code, signal, output: cli.logs(LOG_LINES_KEPT) };
  } finally {
    clearTimeout(timer);
  }
}

/** Starts `samspar <args>` and returns at once, e.g. to kill a rebuild half-way. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): NodeProcess {
  return new NodeProcess(`samspar ${args.join(' ')}`, CLI_MAIN, args, env);
}
