import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { Controller, Injectable, Module, Post, Res } from '@nestjs/common';
import type { INestApplication, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { RequestDrain } from './graceful-shutdown';

/** What happened, in order: the handler's end and the pools' end (onApplicationShutdown). */
const happened: string[] = [];
let started: () => void = () => undefined;
let release: () => void = () => undefined;

@Controller('slow')
class SlowController {
  @Post()
  async handle(): Promise<{ ok: true }> {
    started();
    await new Promise<void>((resolve) => (release = resolve));
    happened.push('handler answered');
    return { ok: true };
  }

  /** Writes its own answer, and gives up without ending it once the client has gone (as a download does). */
  @Post('download')
  async download(@Res() response: ServerResponse): Promise<void> {
    response.write('first part\n');
    started();
    await new Promise<void>((resolve) => (release = resolve));
    happened.push('download gave up');
    response.destroy();
  }
}

@Injectable()
class Pools implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    happened.push('pools closed');
  }
}

@Module({
  controllers: [SlowController],
  providers: [RequestDrain, { provide: APP_INTERCEPTOR, useExisting: RequestDrain }, Pools],
})
class SlowModule {}

describe('RequestDrain', () => {
  let app: INestApplication;

  beforeEach(async () => {
    happened.length = 0;
    const moduleRef = await Test.createTestingModule({ imports: [SlowModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
  });

  /** Sends a request, waits until its handler runs, and goes away. */
  async function abandon(path: string): Promise<void> {
    const handling = new Promise<void>((resolve) => (started = resolve));
    const client = request({ port: (app.getHttpServer().address() as AddressInfo).port, method: 'POST', path });
    client.on('error', () => undefined);
    client.end();
    await handling;
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('waits for a request whose client gave up until its handler has answered, then closes the pools', async () => {
    // The client is gone; the command it sent is still running.
    await abandon('/slow');
    const closing = app.close().then(() => happened.push('closed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(happened).toEqual([]);
    release();
    await closing;
    expect(happened).toEqual(['handler answered', 'pools closed', 'closed']);
  });

  it('does not wait for an answer that a handler gave up on once its client had gone', async () => {
    await abandon('/slow/download');
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const began = Date.now();
    await app.close();
    expect(happened).toEqual(['download gave up', 'pools closed']);
    // Well before the 20 s drain deadline.
    expect(Date.now() - began).toBeLessThan(1_000);
  });

  it('closes at once when nothing is in flight', async () => {
    await app.close();
    expect(happened).toEqual(['pools closed']);
  });
});
