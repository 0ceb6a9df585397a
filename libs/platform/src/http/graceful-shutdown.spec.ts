import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Injectable, Module, Post } from '@nestjs/common';
import type { INestApplication, OnApplicationShutdown } from '@nestjs/common';
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
}

@Injectable()
class Pools implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    happened.push('pools closed');
  }
}

@Module({ controllers: [SlowController], providers: [RequestDrain, Pools] })
class SlowModule {}

describe('RequestDrain', () => {
  let app: INestApplication;

  beforeEach(async () => {
    happened.length = 0;
    const moduleRef = await Test.createTestingModule({ imports: [SlowModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
  });

  it('waits for a request whose client gave up until its handler has answered, then closes the pools', async () => {
    const handling = new Promise<void>((resolve) => (started = resolve));
    const client = request({ port: (app.getHttpServer().address() as AddressInfo).port, method: 'POST', path: '/slow' });
    client.on('error', () => undefined);
    client.end();
    await handling;
    // The client is gone; the command it sent is still running.
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = app.close().then(() => happened.push('closed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(happened).toEqual([]);
    release();
    await closing;
    expect(happened).toEqual(['handler answered', 'pools closed', 'closed']);
  });

  it('closes at once when nothing is in flight', async () => {
    await app.close();
    expect(happened).toEqual(['pools closed']);
  });
});
