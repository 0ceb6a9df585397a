/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.SAMSPAR_API_URL ?? 'http://localhost:3000';

// The web app: built into dist/web, which the api serves at /. The dev server sends /api to a running api.
export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // The api's CSP allows no inline script, so Vite must not inline one (or a data: module preload).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The budget that matters is the initial JavaScript gzipped (bench/web-bundle.ts, 250 kB), not Vite's raw 500 kB.
    chunkSizeWarningLimit: 1_000,
    rolldownOptions: {
      // Designsystemet's modules say "use client" (for React Server Components); an SPA has nothing to keep there.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: false } },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    reporters: ['default'],
  },
});
