// Unit tests of every project in one Jest run (fast on 2 cores). Integration
// tests (*.int-spec.ts) have their own config: jest.integration.config.js.
const { globSync } = require('node:fs');

module.exports = {
  projects: globSync(
    ['apps/*/jest.config.js', 'libs/**/jest.config.js', 'tools/jest.config.js', 'load/jest.config.cjs'],
    {
      exclude: (name) => name === 'node_modules',
    },
  ).filter((config) => !config.startsWith('apps/e2e/')),
};
