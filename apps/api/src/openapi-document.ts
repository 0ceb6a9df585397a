import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@samspar/platform';
import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

/**
 * Writes the api's OpenAPI document, as served at /docs-json, to the file named: the input of the web app's
 * generated client. Needs no database or data: the api runs on PGlite in a temporary directory, on a loopback port.
 */
async function main(target: string | undefined): Promise<void> {
  if (!target) throw new Error('Usage: node dist/apps/api/src/openapi-document.js <file.json>');
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-openapi-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false });
    configureHttp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/docs-json`);
    if (!response.ok) throw new Error(`GET /docs-json answered ${response.status}`);
    writeFileSync(target, `${JSON.stringify(await response.json(), null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
