// Integration tests (*.int-spec.ts): real PostgreSQL, Redis and Kafka started by
// scripts/infra/start.sh. Run in band: some tests stop and start infrastructure.
// globalSetup builds dist/ so tests can spawn real service processes (`node dist/...`).
const { globSync } = require('node:fs');

const projects = globSync(['apps/*/jest.config.js', 'libs/**/jest.config.js', 'tools/jest.config.js'], {
  exclude: (name) => name === 'node_modules',
})
  .filter((config) => !config.startsWith('apps/e2e/'))
  .map((config) => {
    const base = require(`./${config}`);
    // tools/ has no src/ folder: its tests sit beside the tool they test (tools/fault).
    const sources = config.startsWith('tools/') ? '<rootDir>/**' : '<rootDir>/src/**';
    return { ...base, testMatch: [`${sources}/*.int-spec.ts`] };
  });

module.exports = {
  projects,
  globalSetup: '<rootDir>/tools/testing/build-before-tests.js',
  testTimeout: 60_000,
};
