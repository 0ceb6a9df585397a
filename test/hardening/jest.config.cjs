// The hardening suite: the project's jest setup, with the *.hardening-spec.ts files and the property specs at ten
// times their everyday cases (SAMSPAR_PROPERTY_SCALE, set in setup.cjs), one file at a time.
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/hardening', '<rootDir>/libs', '<rootDir>/apps'],
  testMatch: ['**/*.hardening-spec.ts', '**/*.property.spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/hardening/setup.cjs',
  globalTeardown: '<rootDir>/test/hardening/teardown.cjs',
};
