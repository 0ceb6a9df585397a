// The hardening suite: the project's jest setup, with only the *.hardening-spec.ts files, one at a time.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/hardening'],
  testMatch: ['**/*.hardening-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/hardening/setup.cjs',
  globalTeardown: '<rootDir>/test/hardening/teardown.cjs',
};
