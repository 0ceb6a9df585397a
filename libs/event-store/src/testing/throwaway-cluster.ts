import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The machine's PostgreSQL programs (initdb, pg_ctl, pg_dump, psql), newest version first; undefined when absent. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((version) => join(root, version, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
}

/** Why a throw-away cluster cannot be made here, or undefined when it can. */
export function whyNoThrowawayCluster(): string | undefined {
  if (!postgresBinaries()) return 'no PostgreSQL server programs under /usr/lib/postgresql';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) {
    return 'running as root and there is no postgres user for initdb';
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A PostgreSQL cluster of its own, made with the machine's initdb on a free loopback port, trust authentication,
 * removed by stop(). initdb refuses to run as root, so as root it runs as the postgres user.
 */
export class ThrowawayCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async start(): Promise<ThrowawayCluster> {
    const bin = postgresBinaries();
    if (!bin) throw new Error('no PostgreSQL server programs under /usr/lib/postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'samspar-cluster-'));
    const port = await freePort();
    const cluster = new ThrowawayCluster(dir, port, bin);
    cluster.asOwner('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    cluster.asOwner('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'server.log'),
      '-w',
      // A loaded machine (CI beside other work) can take longer than pg_ctl's default minute.
      '-t',
      '180',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    return cluster;
  }

  /** A hot standby of this cluster: pg_basebackup with streaming replication, on a port of its own. */
  async standby(): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'samspar-standby-'));
    const port = await freePort();
    const standby = new ThrowawayCluster(dir, port, this.bin);
    standby.asOwner('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-D',
      join(dir, 'data'),
      '-R',
      '-X',
      'stream',
    ]);
    standby.asOwner('pg_ctl', [
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '180',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on`,
      'start',
    ]);
    return standby;
  }

  /** Runs one of the PostgreSQL programs (pg_dump, psql, …) as the caller. */
  run(program: string, args: readonly string[], input?: string): string {
    return execFileSync(join(this.bin, program), args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  async stop(): Promise<void> {
    try {
      this.asOwner('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private asOwner(program: string, args: readonly string[]): void {
    const path = join(this.bin, program);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, uid, gid);
      execFileSync('runuser', ['-u', 'postgres', '--', path, ...args], { stdio: 'pipe' });
    } else {
      execFileSync(path, args, { stdio: 'pipe' });
    }
  }
}
