import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { documentedRequest } from '@samspar/platform/testing';
import { loadConfig } from '@samspar/platform';
import { STARTUP_TIMEOUT_MS } from '@samspar/event-store/testing';
import { AppModule } from './app.module';
import { configureHttp } from './http/configure-http';

const INDEX = '<!doctype html><html lang="sv"><head><script type="module" src="/assets/index-abc.js"></script></head></html>';

/**
 * The api serving a built web app (as npm start does, from dist/web), here from a directory the test writes. Made
 * with NestFactory as main.ts does: a testing module has no HTTP adapter yet when serve-static picks its loader.
 */
describe('The web app, served by the api', () => {
  let app: NestExpressApplication;
  let dataDir: string;
  let webDir: string;
  const http = () => documentedRequest(app, { undocumented: /^\/(?!api\/|health\/|\.well-known\/)/ });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'samspar-web-data-'));
    webDir = mkdtempSync(join(tmpdir(), 'samspar-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'index-abc.js'), 'export {};\n');
    process.env.WEB_DIR = webDir;
    try {
      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false });
      configureHttp(app);
      await app.init();
    } finally {
      delete process.env.WEB_DIR;
    }
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / and at the app’s own routes, never cached, under a same-origin CSP', async () => {
    for (const path of ['/', '/inkorg', '/deltagare/6f1c2b7e-8d4a-4c6b-9e2f-5a7d1c0b9e44']) {
      const response = await http().get(path).expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves the built files, named by content, as immutable', async () => {
    const response = await http().get('/assets/index-abc.js').expect(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the api’s paths to the api', async () => {
    const missing = await http().get('/api/v1/nothing').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(String(missing.headers['content-security-policy'])).toContain("default-src 'none'");
    await http().get('/health/live').expect(200);
    await http().get('/docs-json').expect(200);
    await http().get('/.well-known/jwks.json').expect(200);
    const signIn = await http().get('/api/v1/sign-in/config').expect(200);
    expect(signIn.body).toEqual({ mode: 'development' });
  });
});
