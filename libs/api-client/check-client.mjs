// CI: the committed client must be what the generator makes of the current document (dist/openapi.json,
// written by npm run openapi). Regenerates into a temporary folder and compares file by file.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import prettier from 'prettier';
import { clientConfig } from './openapi-ts.config.mjs';

const committed = 'libs/api-client/src/generated';
const fresh = mkdtempSync(join(tmpdir(), 'samspar-client-'));
const filesOf = (root) =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
try {
  await createClient(clientConfig(fresh));
  const want = filesOf(fresh);
  const have = filesOf(committed);
  const stale = [];
  for (const file of new Set([...want, ...have])) {
    // Formatted as generate:client formats the committed files, with the repository's Prettier settings.
    const filepath = join(committed, file);
    const options = { ...(await prettier.resolveConfig(filepath)), filepath };
    try {
      const expected = await prettier.format(readFileSync(join(fresh, file), 'utf8'), options);
      if (expected !== readFileSync(filepath, 'utf8')) stale.push(file);
    } catch {
      stale.push(file);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`The api client is out of date (${stale.join(', ')}): run npm run generate:client and commit it.\n`);
    process.exit(1);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
