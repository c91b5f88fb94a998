// `make up` itself (apps/e2e/src/startup): it starts and stops the whole local
// system several times, so it runs alone, before the e2e suite starts it for good:
// `npx jest -c apps/e2e/jest.startup.config.js --runInBand`.
module.exports = {
  displayName: 'startup',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/startup/**/*.startup-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
