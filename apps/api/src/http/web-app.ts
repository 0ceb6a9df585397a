import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/** Paths that belong to the api; everything else is the web app, with index.html for its client-side routes. */
export const API_PATHS = /^\/(?:api|docs|docs-json|health|metrics|\.well-known)(?:[/?#.]|$)/;

/** Where `npm run build` puts the web app: dist/web, beside dist/apps (WEB_DIR overrides it). */
export function webAppDir(): string {
  return process.env.WEB_DIR ?? resolve(__dirname, '../../../../web');
}

export function webAppModules(dir = webAppDir()): DynamicModule[] {
  if (!existsSync(join(dir, 'index.html'))) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath: dir,
      exclude: API_PATHS,
      serveStaticOptions: {
        index: false,
        // Vite names built files by their content, so they never change; index.html must always be fresh.
        setHeaders: (response: { setHeader(name: string, value: string): void }, path: string) =>
          response.setHeader(
            'Cache-Control',
            path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          ),
      },
    }),
  ];
}
