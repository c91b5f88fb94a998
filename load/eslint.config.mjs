import baseConfig from '../eslint.config.mjs';

export default [
  ...baseConfig,
  // Benchmarks drive Kafka directly (the monolith baseline, hop costs).
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];
