import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lock } from 'proper-lockfile';

/** The repository root, where `npm run build` writes dist/. */
export const REPOSITORY_ROOT = resolve(__dirname, '..', '..', '..', '..');

const SOURCES = ['apps', 'libs', 'bench', 'test'];
const STAMP = join(REPOSITORY_ROOT, 'dist', '.built-from');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `npm run build`, once for all the spec files that run the built apps as processes: jest's workers would
 * otherwise write dist/ at the same time. Skipped when dist/ is newer than every source file.
 */
export async function buildAppsOnce(): Promise<void> {
  const lockTarget = join(tmpdir(), `samspar-build-${createHash('sha256').update(REPOSITORY_ROOT).digest('hex').slice(0, 12)}`);
  writeFileSync(lockTarget, '', { flag: 'a' });
  const release = await lock(lockTarget, { retries: { retries: 600, minTimeout: 200, maxTimeout: 500 }, stale: 180_000 });
  try {
    const sources = String(Math.max(...SOURCES.map((dir) => newestSource(join(REPOSITORY_ROOT, dir)))));
    let built = '';
    try {
      built = readFileSync(STAMP, 'utf8');
    } catch {
      // never built here
    }
    if (built === sources) return;
    execFileSync('npm', ['run', 'build'], { cwd: REPOSITORY_ROOT, stdio: 'pipe' });
    writeFileSync(STAMP, sources);
  } finally {
    await release();
  }
}
