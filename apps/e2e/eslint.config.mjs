import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The end-to-end and fault suites drive Kafka directly (lag, outages).
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];
