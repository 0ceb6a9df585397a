// Prints the test total from jest's --json output (the main suite, then the hardening suite), and from the web
// app's Vitest (jest-compatible JSON) and Playwright (JSON reporter) runs, and fails when the PostgreSQL suites or
// the hardening suites did not run in full.
const fs = require('node:fs');
const path = require('node:path');

const files = process.argv.slice(2);
const reports = [];
for (const file of files) {
  if (!file || !fs.existsSync(file)) {
    console.log(`jest wrote no results to ${file}: that test run did not start`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  reports.push(asJestSummary(JSON.parse(fs.readFileSync(file, 'utf8'))));
}

/** Playwright's JSON report counted as jest counts; jest's and Vitest's are taken as they are. */
function asJestSummary(report) {
  if (!report.stats || !Array.isArray(report.suites)) return report;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  const errors = (report.errors ?? []).length;
  return {
    numPassedTests: expected + flaky,
    numFailedTests: unexpected + errors + (expected + unexpected + flaky === 0 ? 1 : 0),
    numPendingTests: skipped,
    numRuntimeErrorTestSuites: 0,
    testResults: [],
  };
}
if (reports.length === 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
let ok = true;
const suites = reports.flatMap((report) => report.testResults);

function mustRunInFull(pattern, what) {
  const matching = suites.filter((suite) => pattern.test(suite.name));
  for (const suite of matching) {
    const statuses = suite.assertionResults.map((a) => a.status);
    const passed = statuses.filter((s) => s === 'passed').length;
    if (passed === 0 || statuses.some((s) => s === 'pending' || s === 'skipped')) {
      console.log(`${what} did not run in full: ${path.relative(process.cwd(), suite.name)}`);
      ok = false;
    }
  }
  return matching.length;
}

if (mustRunInFull(/postgres-[^/]*\.int-spec\.ts$/, 'PostgreSQL suite') === 0) {
  console.log('No PostgreSQL suite was found in the test results');
  ok = false;
}
if (mustRunInFull(/\.hardening-spec\.ts$/, 'Hardening suite') === 0 && files.some((file) => /hardening/.test(file))) {
  console.log('No hardening suite was found in the test results');
  ok = false;
}

const sum = (key) => reports.reduce((total, report) => total + (report[key] ?? 0), 0);
const failed = sum('numFailedTests') + sum('numRuntimeErrorTestSuites') + (ok ? 0 : 1);
const skipped = sum('numPendingTests');
console.log(`${sum('numPassedTests')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
