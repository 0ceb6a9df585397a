/**
 * The web app's initial JavaScript, gzipped, from the build in dist/web: the entry scripts index.html loads and
 * every chunk they import statically (what the browser must fetch before the first page shows). Chunks loaded
 * on demand (the chart, OpenID Connect) are listed apart. Fails when the initial total is over the budget.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { renderTable, writeJson } from './lib/report';

const WEB = join(process.cwd(), 'dist', 'web');
const RESULTS = join(process.cwd(), 'bench', 'results', 'web-bundle.json');
const BUDGET_BYTES = 250 * 1000;

const gzipped = (file: string): number => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length;

/** Static imports of a built chunk: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(WEB, file), 'utf8');
  const imports = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},*\s]+from\s*)?["']\.\/([^"']+\.js)["']/g)];
  return imports.map((match) => join('assets', match[1]!));
}

function main(): void {
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g)].map((match) => match[1]!);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g)].map((match) => match[1]!);
  const initial = new Set<string>();
  const queue = [...entries, ...preloads];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (initial.has(file)) continue;
    initial.add(file);
    queue.push(...staticImports(file));
  }
  const rows = listJs().map((file) => ({
    file,
    initial: initial.has(file),
    bytes: readFileSync(join(WEB, file)).length,
    gzipBytes: gzipped(file),
  }));
  const initialGzip = rows.filter((row) => row.initial).reduce((sum, row) => sum + row.gzipBytes, 0);
  const result = {
    measuredAt: new Date().toISOString(),
    budgetBytes: BUDGET_BYTES,
    initialJsGzipBytes: initialGzip,
    withinBudget: initialGzip <= BUDGET_BYTES,
    chunks: rows,
  };
  console.log(
    renderTable(
      ['chunk', 'initial', 'bytes', 'gzip'],
      rows.map((row) => [row.file, row.initial ? 'yes' : 'on demand', String(row.bytes), String(row.gzipBytes)]),
    ),
  );
  console.log(
    `Initial JavaScript: ${(initialGzip / 1000).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1000} kB): ${result.withinBudget ? 'within' : 'OVER'}`,
  );
  writeJson(RESULTS, result);
  if (!result.withinBudget) process.exitCode = 1;
}

function listJs(): string[] {
  return readdirSync(join(WEB, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => join('assets', name))
    .sort();
}

main();
