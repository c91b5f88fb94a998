import { z } from 'zod';
import { operation } from './operation';

// The response schemas are checked against the handlers by the compiler. Each
// expected error below is a drift `tsc` must reject (an unused expect-error
// fails tsc, so these lines prove the check can fail). Jest only sees values.

interface Line {
  productId: string;
  unitPrice: { amountMinor: number; currency: string } | undefined;
}

class ExampleController {
  async order() {
    return { orderId: 'o-1', lines: [] as Line[], cancellation: null as { code: string } | null };
  }
  async withSecret() {
    return { orderId: 'o-1', lines: [] as Line[], cancellation: null, passwordHash: 'x' };
  }
  async nestedExtra() {
    return {
      orderId: 'o-1',
      lines: [] as (Line & { costPrice: number })[],
      cancellation: null as { code: string } | null,
    };
  }
  async wrongType() {
    return { orderId: 1, lines: [] as Line[], cancellation: null };
  }
  async nothing(): Promise<void> {
    await Promise.resolve();
  }
}

const money = z.object({ amountMinor: z.number().int(), currency: z.string() });
const orderJson = z.object({
  orderId: z.string(),
  lines: z.array(z.object({ productId: z.string(), unitPrice: money })),
  cancellation: z.object({ code: z.string() }).nullable(),
});
const base = { controller: ExampleController, operationId: 'x', tag: 'Orders', summary: 'x' } as const;
const response = { name: 'Order', schema: orderJson, description: 'x' };

const checked = [
  // What the handler serves, documented: compiles (a proto `X | undefined` counts as present).
  operation({ ...base, handler: 'order', response }),
  operation({ ...base, handler: 'nothing' }),

  // A field served but not documented (a leak the document would hide).
  // @ts-expect-error the handler serves undocumented fields: passwordHash
  operation({ ...base, handler: 'withSecret', response }),
  // The same, nested in an array of objects.
  // @ts-expect-error the handler serves undocumented fields: lines[].costPrice
  operation({ ...base, handler: 'nestedExtra', response }),
  // A documented type the handler does not serve.
  // @ts-expect-error the handler returns a type the response schema does not describe
  operation({ ...base, handler: 'wrongType', response }),
  // A documented field the handler never sets.
  operation({
    ...base,
    handler: 'order',
    // @ts-expect-error the handler returns a type the response schema does not describe
    response: { ...response, schema: orderJson.extend({ customerId: z.string() }) },
  }),
  // A handler with a body and no response documented.
  // @ts-expect-error missing: the handler returns a body
  operation({ ...base, handler: 'order' }),
];

describe('operation(): response schemas are bound to the handlers at compile time', () => {
  it('declares operations (the checks above run in tsc)', () => {
    expect(checked).toHaveLength(7);
  });
});
