import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiOperation, apiOperationOf } from './api-operation.decorator';

// The response schemas are checked against the handlers by the compiler. Each
// expected error below is a drift `tsc` must reject (an unused expect-error
// fails tsc, so these lines prove the check can fail). Jest only sees values.

interface Line {
  productId: string;
  unitPrice: { amountMinor: number; currency: string } | undefined;
}

const money = z.object({ amountMinor: z.number().int(), currency: z.string() });
const orderJson = z.object({
  orderId: z.string(),
  lines: z.array(z.object({ productId: z.string(), unitPrice: money })),
  cancellation: z.object({ code: z.string() }).nullable(),
});
const base = { operationId: 'x', summary: 'x' } as const;
const response = { schema: orderJson, description: 'x' };

class ExampleController {
  // What the handler serves, documented: compiles (a proto `X | undefined` counts as present).
  @ApiOperation({ ...base, response })
  async order() {
    return { orderId: 'o-1', lines: [] as Line[], cancellation: null as { code: string } | null };
  }

  @ApiOperation(base)
  async nothing(): Promise<void> {
    await Promise.resolve();
  }

  // A field served but not documented (a leak the document would hide).
  // @ts-expect-error the handler serves undocumented fields: passwordHash
  @ApiOperation({ ...base, response })
  async withSecret() {
    return { orderId: 'o-1', lines: [] as Line[], cancellation: null, passwordHash: 'x' };
  }

  // The same, nested in an array of objects.
  // @ts-expect-error the handler serves undocumented fields: lines[].costPrice
  @ApiOperation({ ...base, response })
  async nestedExtra() {
    return {
      orderId: 'o-1',
      lines: [] as (Line & { costPrice: number })[],
      cancellation: null as { code: string } | null,
    };
  }

  // A documented type the handler does not serve.
  // @ts-expect-error the handler returns a type the response schema does not describe
  @ApiOperation({ ...base, response })
  async wrongType() {
    return { orderId: 1, lines: [] as Line[], cancellation: null };
  }

  // A documented field the handler never sets.
  // @ts-expect-error the handler returns a type the response schema does not describe
  @ApiOperation({ ...base, response: { ...response, schema: orderJson.extend({ customerId: z.string() }) } })
  async missingField() {
    return { orderId: 'o-1', lines: [] as Line[], cancellation: null as { code: string } | null };
  }

  // A handler with a body and no response documented.
  // @ts-expect-error missing: the handler returns a body
  @ApiOperation(base)
  async undocumentedBody() {
    return { orderId: 'o-1' };
  }

  // A handler that writes the reply itself (@Res()) and no rawResponse documented.
  // @ts-expect-error missing: the handler sends the reply itself
  @ApiOperation(base)
  raw(reply: FastifyReply) {
    return reply.send('x');
  }
}

describe('@ApiOperation(): response schemas are bound to the handlers at compile time', () => {
  it('stores the documentation on the handler (the checks above run in tsc)', () => {
    const handlers = Object.getOwnPropertyNames(ExampleController.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(handlers).toHaveLength(8);
    for (const handler of handlers) {
      const method = ExampleController.prototype[handler as keyof ExampleController];
      expect(apiOperationOf(method)).toMatchObject({ operationId: 'x' });
    }
  });
});
