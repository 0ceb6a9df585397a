import { existsSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Mutex, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** The name PostgreSQL clients look for in a socket directory, for port 5432. */
export const SOCKET_FILE = '.s.PGSQL.5432';

// Linux and macOS refuse a Unix socket path longer than this (sun_path, less its terminating NUL).
const MAX_SOCKET_PATH = 103;
// A few CLI commands at once (each a pool of one, a reserved connection for a rebuild's lock): they queue.
const MAX_CONNECTIONS = 8;

const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const IDLE = 0x49; // 'I'

/**
 * Where the socket of the PGlite in `pgliteDir` goes: in DATA_DIR, its parent, beside the owner file.
 * Undefined if the path is too long for a Unix socket.
 */
export function socketPathFor(pgliteDir: string): string | undefined {
  const path = join(dirname(resolve(pgliteDir)), SOCKET_FILE);
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH ? path : undefined;
}

/**
 * PGlite is one PostgreSQL session. Its own locks keep one protocol message at a time, not a client's
 * transaction, nor the Parse…Sync of one extended-protocol query: the api's work run between two of a client's
 * messages would run inside the client's transaction (and commit or roll back with it) or bind the client's
 * unnamed statement. So the session has one holder at a time: in-process work for its whole call or
 * transaction, a socket client from its first message until PostgreSQL says it is idle again.
 */
export class PGliteSession {
  private readonly holder = new Mutex();

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.holder.runExclusive(work);
  }

  acquire(): Promise<() => void> {
    return this.holder.acquire();
  }
}

/** The api's PGlite, served to local PostgreSQL clients (the CLI, psql) on a Unix socket. */
export class PGliteSocket {
  private constructor(
    readonly path: string,
    private readonly server: PGLiteSocketServer,
    private readonly clients: SocketClients,
  ) {}

  /** Listens on `path`; a socket file left by a process that died is replaced, a live one is not. */
  static async serve(db: PGlite, session: PGliteSession, path: string): Promise<PGliteSocket> {
    if (existsSync(path)) {
      if (await answers(path)) throw new Error(`${path} is served by another process`);
      rmSync(path, { force: true });
    }
    const clients = new SocketClients(db, session);
    const server = new PGLiteSocketServer({ db: clients.view(), path, maxConnections: MAX_CONNECTIONS });
    await server.start();
    return new PGliteSocket(path, server, clients);
  }

  /** Closes every client connection, rolls back a transaction one left open, and removes the socket file. */
  async stop(): Promise<void> {
    await this.server.stop();
    // The server detaches its clients without waiting; one cut off inside its work gets its rollback here.
    await new Promise((resolve) => setImmediate(resolve));
    await this.clients.abandon();
    rmSync(this.path, { force: true });
  }
}

/**
 * What the socket server sees of the PGlite: the same database, except that a client's messages take the
 * session first and keep it until a ReadyForQuery says "idle" (not in a transaction, no query half sent).
 * The server asks `isInTransaction` to keep other clients' messages back; it is true while a client holds.
 */
class SocketClients {
  private release: (() => void) | undefined;
  private lastStatus: number | undefined;

  constructor(
    private readonly db: PGlite,
    private readonly session: PGliteSession,
  ) {}

  view(): PGlite {
    const view = {
      waitReady: this.db.waitReady,
      isInTransaction: () => this.release !== undefined,
      runExclusive: <T>(work: () => Promise<T>) => this.runExclusive(work),
      execProtocolRawStream: (message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }) =>
        this.execute(message, options),
      // The server's only statement of its own: ROLLBACK, for a client that left inside its work.
      exec: async (sql: string) => {
        if (!this.release) return [];
        await this.db.exec(sql).catch(() => undefined);
        this.free();
        return [];
      },
    };
    return view as unknown as PGlite;
  }

  private async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.release) this.release = await this.session.acquire();
    this.lastStatus = undefined;
    let failed = false;
    try {
      return await this.db.runExclusive(work);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (failed || this.lastStatus === IDLE) this.free();
    }
  }

  private async execute(message: Uint8Array, { onRawData }: { onRawData: (data: Uint8Array) => void }): Promise<void> {
    // PostgreSQL would end the backend; PGlite's backend is the api's too. The socket's close does the rest.
    if (message[0] === TERMINATE) {
      if (!this.db.isInTransaction()) this.lastStatus = IDLE;
      return;
    }
    // A response ends with ReadyForQuery ('Z', length 5, status) when the server waits for the next query.
    let tail = new Uint8Array(0);
    await this.db.execProtocolRawStream(message, {
      onRawData: (data) => {
        const joined = new Uint8Array(tail.length + data.length);
        joined.set(tail);
        joined.set(data, tail.length);
        tail = joined.slice(-6);
        onRawData(data);
      },
    });
    this.lastStatus =
      tail.length === 6 && tail[0] === READY_FOR_QUERY && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5
        ? tail[5]
        : undefined;
  }

  /** After the server stopped: a client that still held the session is rolled back and lets go. */
  async abandon(): Promise<void> {
    if (this.release) {
      await this.db.exec('ROLLBACK').catch(() => undefined);
      this.free();
    }
    // Nothing of a client is still running once the session can be taken.
    await this.session.run(async () => undefined);
  }

  private free(): void {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
}

/** Whether a process listens on the Unix socket. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
