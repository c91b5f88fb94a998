import { z } from 'zod';

/** Money on the wire: integer minor units (cents) and an ISO 4217 code. Never floats. */
export const moneySchema = z.object({
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export type MoneyData = z.infer<typeof moneySchema>;
