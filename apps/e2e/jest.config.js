// End-to-end tests: the whole system started by scripts/local/up.sh, driven
// through the gateway with supertest. Not part of the unit run.
module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  testTimeout: 60_000,
};
