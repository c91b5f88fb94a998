import { ESLint } from 'eslint';
import { join } from 'node:path';

// The module-boundary rule must be able to fail (a lesson from monorepos whose
// rule was on but every tag was empty). Each case lints a small piece of code as
// if it lived at a real path in the workspace and expects the rule to reject it.
const workspaceRoot = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: workspaceRoot });

async function ruleErrors(rule: string, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(workspaceRoot, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(workspaceRoot, filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries (P14: domain free of transport, P12: no cross-service code)', () => {
  it('rejects a framework import in domain code', async () => {
    const errors = await boundaryErrors(
      'libs/user/domain/src/lib/leaky.ts',
      "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n",
    );
    expect(errors.join('\n')).toMatch(/"type:domain" is not allowed to import "@nestjs\/common"/);
  });

  it.each(['kafkajs', 'typeorm', 'ioredis', '@grpc/grpc-js'])('rejects %s in domain code', async (pkg) => {
    const errors = await boundaryErrors(
      'libs/user/domain/src/lib/leaky.ts',
      `import * as dep from '${pkg}';\nexport const x = dep;\n`,
    );
    expect(errors).toHaveLength(1);
  });

  it('rejects domain code depending on a platform library', async () => {
    const errors = await boundaryErrors(
      'libs/user/domain/src/lib/leaky.ts',
      "import { loadConfig } from '@shop/platform';\nexport const x = loadConfig;\n",
    );
    expect(errors.join('\n')).toMatch(/type:domain/);
  });

  it('rejects a shared library depending on a bounded context', async () => {
    const errors = await boundaryErrors(
      'libs/platform/src/leaky.ts',
      "import * as user from '@shop/user-domain';\nexport const x = user;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it("rejects one service importing another service's code", async () => {
    const errors = await boundaryErrors(
      'apps/gateway/src/leaky.ts',
      "import { UserRepository } from '../../user/src/persistence/user.repository';\nexport const x = UserRepository;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });

  it("rejects a service importing another bounded context's domain", async () => {
    const errors = await boundaryErrors(
      'apps/order/src/leaky.ts',
      "import { User } from '@shop/user-domain';\nexport const x = User;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:order/);
  });

  it('keeps the test harness out of production code, and lets test code use it', async () => {
    const code = "import { waitUntil } from '@shop/testing';\nexport const x = waitUntil;\n";
    expect((await boundaryErrors('apps/order/src/leaky.ts', code)).length).toBeGreaterThan(0);
    expect(await boundaryErrors('apps/order/src/testing/helper.ts', code)).toEqual([]);
    expect(await boundaryErrors('libs/platform/src/thing.int-spec.ts', code)).toEqual([]);
  });

  it('lets the browser storefront import the shared wire format, and no library of the server side', async () => {
    const wireFormat =
      "import { ServerSentEventParser } from '@shop/server-sent-events';\nexport const x = ServerSentEventParser;\n";
    expect(await boundaryErrors('apps/storefront/src/api/reader.ts', wireFormat)).toEqual([]);
    for (const server of ['@shop/platform', '@shop/contracts', '@shop/order-domain']) {
      const code = `import * as server from '${server}';\nexport const x = server;\n`;
      expect((await boundaryErrors('apps/storefront/src/api/leaky.ts', code)).length).toBeGreaterThan(0);
    }
  });

  it('keeps the wire format pure: no framework, no other library', async () => {
    const leaky = "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n";
    expect(
      (await boundaryErrors('libs/shared/server-sent-events/src/leaky.ts', leaky)).length,
    ).toBeGreaterThan(0);
    const platform = "import { AppError } from '@shop/platform';\nexport const x = AppError;\n";
    expect(
      (await boundaryErrors('libs/shared/server-sent-events/src/leaky.ts', platform)).length,
    ).toBeGreaterThan(0);
  });

  it('accepts domain code that imports nothing technical', async () => {
    const errors = await boundaryErrors('libs/user/domain/src/lib/pure.ts', 'export const answer = 42;\n');
    expect(errors).toEqual([]);
  });

  // ADR 0001: swapping the Kafka client touches only libs/messaging/src/kafka.
  it.each([
    'libs/messaging/src/consumer/leaky.ts',
    'libs/messaging/src/nest/leaky.ts',
    'apps/order/src/leaky.ts',
  ])('rejects kafkajs outside libs/messaging/src/kafka (%s)', async (filePath) => {
    const code = "import type { Producer } from 'kafkajs';\nexport type P = Producer;\n";
    expect((await ruleErrors('no-restricted-imports', filePath, code)).join('\n')).toMatch(/ADR 0001/);
  });

  it('lets the Kafka adapter folder import kafkajs', async () => {
    const code = "import type { Producer } from 'kafkajs';\nexport type P = Producer;\n";
    expect(await ruleErrors('no-restricted-imports', 'libs/messaging/src/kafka/adapter.ts', code)).toEqual(
      [],
    );
  });
});
