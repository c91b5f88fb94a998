// The storefront's logic that is worth a unit test is pure TypeScript (timeline,
// cart, checkout attempt, problem+json, the event-stream parser): no DOM needed.
module.exports = {
  displayName: 'storefront',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
