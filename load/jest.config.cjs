// .cjs: load/package.json is "type": "module" (Node runs these .ts files as ES modules).
module.exports = {
  displayName: 'load',
  preset: '../jest.preset.js',
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/scenarios/**/*.spec.ts',
    '<rootDir>/bench/**/*.spec.ts',
  ],
};
