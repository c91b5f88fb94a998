// Fault drills (apps/e2e/src/faults): SIGKILL a service, stop Kafka, slow the
// payment provider, re-deliver messages, all against the running system
// (make up). With them the guided labs (apps/e2e/src/labs, docs/labs), several
// of which break the system the same way. They disturb the whole system, so
// they run one at a time, after the e2e suite:
// `npx jest -c apps/e2e/jest.faults.config.js --runInBand`.
module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/faults/**/*.fault-spec.ts', '<rootDir>/src/labs/**/*.lab-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
