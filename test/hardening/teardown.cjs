// Merges what each hardening spec recorded into bench/results/hardening.json and prints the summary table.
const { existsSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const os = require('node:os');

module.exports = async () => {
  const results = join(__dirname, '..', '..', 'bench', 'results');
  const parts = join(results, 'hardening-parts');
  const rows = existsSync(parts)
    ? readdirSync(parts)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .flatMap((name) => JSON.parse(readFileSync(join(parts, name), 'utf8')))
    : [];
  const total = (key) => rows.reduce((sum, row) => sum + (row[key] ?? 0), 0);
  const summary = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    totals: {
      cases: total('cases'),
      failures: total('failures'),
      eventsLost: total('eventsLost'),
      eventsDuplicated: total('eventsDuplicated'),
    },
    rows,
  };
  writeFileSync(join(results, 'hardening.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const header = ['suite', 'check', 'cases', 'failures', 'events lost', 'events duplicated'];
  const lines = rows.map((row) =>
    [row.suite, row.check, row.cases, row.failures, row.eventsLost ?? 0, row.eventsDuplicated ?? 0].map(String),
  );
  lines.push(['total', '', ...['cases', 'failures', 'eventsLost', 'eventsDuplicated'].map((key) => String(summary.totals[key]))]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const render = (line) => line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  process.stdout.write(
    `\nHardening summary\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(render).join('\n')}\n`,
  );
  process.stdout.write(`Written to bench/results/hardening.json\n`);
};
