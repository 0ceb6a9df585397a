import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.SAMSPAR_E2E_PORT ?? 3987);
// Playwright loads this file as CommonJS (the repository's package.json has no "type": "module").
const root = resolve(__dirname, '../..');

/**
 * The web app in Debian's Chromium (never a downloaded browser) against the built api on PGlite with demo data,
 * as `npm start` serves it. Run with npm run test:e2e:web.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  outputDir: './test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1024, height: 768 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'bash apps/web/e2e/serve.sh',
    cwd: root,
    url: `http://127.0.0.1:${PORT}/health/ready`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORT: String(PORT) },
  },
});
