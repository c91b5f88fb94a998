// The app images, run as users run them (apps/e2e/src/containers): they need a Docker
// engine and the images (scripts/containers/engine.sh, build-images.sh) and the local
// infrastructure, and they start every app, so they run alone, before `make up`:
// `npx jest -c apps/e2e/jest.containers.config.js --runInBand`.
module.exports = {
  displayName: 'containers',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/containers/**/*.container-spec.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
