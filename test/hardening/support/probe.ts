import { sleep } from './processes';

export interface ProbeAnswer {
  readonly at: number;
  readonly path: string;
  readonly status?: number;
  readonly retryAfter?: string | null;
  readonly problem?: string;
  readonly error?: string;
}

/** Asks the api the same few questions every `everyMs` until stopped, recording each answer. */
export class Probe {
  readonly answers: ProbeAnswer[] = [];
  private stopped = false;
  private loop?: Promise<void>;

  constructor(
    private readonly baseUrl: () => string,
    private readonly requests: readonly { readonly path: string; readonly token?: string }[],
    private readonly everyMs = 250,
  ) {}

  start(): this {
    this.loop = (async () => {
      while (!this.stopped) {
        await Promise.all(this.requests.map((request) => this.ask(request.path, request.token)));
        await sleep(this.everyMs);
      }
    })();
    return this;
  }

  async stop(): Promise<ProbeAnswer[]> {
    this.stopped = true;
    await this.loop;
    return this.answers;
  }

  private async ask(path: string, token?: string): Promise<void> {
    const at = Date.now();
    try {
      const response = await fetch(`${this.baseUrl()}${path}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      let problem: string | undefined;
      try {
        const type = (JSON.parse(text) as { type?: unknown }).type;
        if (typeof type === 'string') problem = type.replace(/^.*\/problems\//, '');
      } catch {
        // not JSON
      }
      this.answers.push({
        at,
        path,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        ...(problem ? { problem } : {}),
      });
    } catch (error) {
      this.answers.push({ at, path, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
