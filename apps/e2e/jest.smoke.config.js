// The shop where it is deployed (apps/e2e/src/smoke): docker compose, the one-node
// Kubernetes cluster. Only the public gateway and the mail sink's API:
// `GATEWAY_URL=... MAILPIT_URL=... npx jest -c apps/e2e/jest.smoke.config.js`.
module.exports = {
  displayName: 'smoke',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/smoke/**/*.smoke-spec.ts'],
  testTimeout: 120_000,
};
