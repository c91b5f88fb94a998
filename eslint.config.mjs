// ESLint flat config. The module-boundary rule is the architecture, checked:
// every project carries a `type:*` and a `scope:*` tag (see each project.json),
// and the constraints below say who may import whom. A rule that cannot fail is
// no rule: tools/architecture/boundaries.spec.ts proves these fail on violations.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Technical frameworks that must never reach domain code (P14).
const frameworkImports = [
  '@nestjs/*',
  '@grpc/*',
  'kafkajs',
  'ioredis',
  'typeorm',
  'pg',
  'fastify',
  '@opentelemetry/*',
  'pino',
];

const scopes = ['order', 'payment', 'inventory', 'user', 'notification', 'gateway', 'payment-provider'];

const depConstraints = [
  // --- layers: the two the code really keeps. A domain library is pure; a service app holds its
  // use cases and their adapters together (docs/architecture.md, "Layers").
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: frameworkImports,
  },
  // Platform may use the shared kernel (the only scope:shared domain lib) to map DomainError.
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'],
  },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  // A wire format both ends share (server-sent events): pure TypeScript, for server and browser.
  { sourceTag: 'type:protocol', onlyDependOnLibsWithTags: [], bannedExternalImports: frameworkImports },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:testing', 'type:platform', 'type:contracts', 'type:protocol'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:contracts', 'type:protocol'],
  },
  // The browser storefront talks to the gateway over HTTP only: no library of the server side,
  // only the wire format the gateway writes.
  {
    sourceTag: 'type:web',
    onlyDependOnLibsWithTags: ['type:protocol'],
    bannedExternalImports: frameworkImports,
  },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:platform'],
  },
  // --- bounded contexts: a service sees only its own code and shared libs (P08, P12) ---
  ...scopes.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
  })),
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:storefront', onlyDependOnLibsWithTags: ['scope:shared'] },
];

// Test code (specs and src/testing helpers) may also use the shared test harness,
// @shop/testing; production code never can.
const testCodeConstraints = depConstraints.map((constraint) =>
  constraint.sourceTag.startsWith('type:')
    ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
    : constraint,
);

const moduleBoundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    banTransitiveDependencies: false,
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: ['**/dist', '**/node_modules', '**/.tools', '**/.local', '**/generated/**', '**/fixtures/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries(depConstraints),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
      'no-console': 'error',
    },
  },
  // ADR 0001: the Kafka client stays behind libs/messaging/src/kafka, so replacing
  // kafkajs touches only that folder. Tests may drive Kafka directly.
  {
    files: ['**/*.ts'],
    // Paths as a project's lint sees them, relative to the project: only messaging has src/kafka.
    ignores: ['**/src/kafka/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kafkajs',
              message:
                'kafkajs stays in libs/messaging/src/kafka (ADR 0001): use the ports of @shop/messaging.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(testCodeConstraints) },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
