import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Body, Controller, DynamicModule, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Pool } from 'pg';

const BARE_POOL = Symbol('BARE_POOL');
export const BARE_PATH = '/bare';
export const BARE_POOL_SIZE = 16;

/** The framework's limit: Nest on Express, no guard, no pipe, no interceptor, one INSERT per request. */
@Controller()
class BareController {
  constructor(@Inject(BARE_POOL) private readonly pool: Pool) {}

  @Post(BARE_PATH.slice(1))
  @HttpCode(200)
  async insert(@Body() body: unknown): Promise<{ id: string }> {
    const id = randomUUID();
    await this.pool.query({
      name: 'bare_command',
      text: 'INSERT INTO bare_commands (id, body) VALUES ($1, $2)',
      values: [id, JSON.stringify(body ?? {})],
    });
    return { id };
  }
}

@Module({})
class BareModule {
  static forRoot(pool: Pool): DynamicModule {
    return { module: BareModule, controllers: [BareController], providers: [{ provide: BARE_POOL, useValue: pool }] };
  }
}

export interface RunningBareApi {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startBareApi(databaseUrl: string): Promise<RunningBareApi> {
  const pool = new Pool({ connectionString: databaseUrl, max: BARE_POOL_SIZE });
  pool.on('error', () => undefined);
  let app: NestExpressApplication | undefined;
  try {
    await pool.query('CREATE TABLE bare_commands (id uuid PRIMARY KEY, body jsonb NOT NULL)');
    app = await NestFactory.create<NestExpressApplication>(BareModule.forRoot(pool), { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const running = app;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      async close() {
        try {
          await running.close();
        } finally {
          await pool.end();
        }
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
}
