// Shared Jest settings. Tests are TypeScript compiled by SWC (fast, keeps
// decorator metadata for NestJS). Run with --experimental-vm-modules so Jest can
// require() NestJS 12, which ships as ES modules (see Makefile / scripts/test).
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  detectOpenHandles: false,
};
