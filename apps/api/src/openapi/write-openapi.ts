import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createOpenApiDocument, loadConfig } from '@samspar/platform';
import { AppModule } from '../app.module';

/**
 * Writes the api's OpenAPI document without a server, for the linters and the client generator:
 * `node dist/apps/api/src/openapi/write-openapi.js [file]` (default dist/openapi.json). Nest's preview mode
 * scans the modules without creating their providers, so no database is opened.
 */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'dist/openapi.json');
  const dataDir = mkdtempSync(join(tmpdir(), 'samspar-openapi-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
      preview: true,
      logger: false,
      abortOnError: false,
    });
    const document = createOpenApiDocument(app);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
