// Prints the test total from jest's --json output, and fails when the PostgreSQL suites did not run.
const fs = require('node:fs');
const path = require('node:path');

const file = process.argv[2];
if (!file || !fs.existsSync(file)) {
  console.log('jest wrote no results: the test run did not start');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
let ok = true;

const postgresSuites = report.testResults.filter((suite) => /postgres-[^/]*\.int-spec\.ts$/.test(suite.name));
for (const suite of postgresSuites) {
  const statuses = suite.assertionResults.map((a) => a.status);
  const passed = statuses.filter((s) => s === 'passed').length;
  if (passed === 0 || statuses.some((s) => s === 'pending' || s === 'skipped')) {
    console.log(`PostgreSQL suite did not run in full: ${path.relative(process.cwd(), suite.name)}`);
    ok = false;
  }
}
if (postgresSuites.length === 0) {
  console.log('No PostgreSQL suite was found in the test results');
  ok = false;
}

const { numPassedTests, numFailedTests, numPendingTests } = report;
const failed = numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) + (ok ? 0 : 1);
console.log(`${numPassedTests} passed, ${failed} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`);
process.exit(ok && failed === 0 ? 0 : 1);
