import { z } from 'zod';

// The provider's wire format, and the only place it is spelled out. Parsed
// (never trusted) by the mapper; nothing here leaves the provider/ folder.

export const wireChargeSchema = z.object({
  id: z.string().min(1),
  object: z.literal('charge'),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['requires_capture', 'succeeded', 'canceled', 'failed']),
  captured: z.boolean(),
  refunded: z.boolean(),
  failure_code: z.string().nullable(),
});

export const wireRefundSchema = z.object({
  id: z.string().min(1),
  object: z.literal('refund'),
  status: z.string(),
  charge: z.string(),
});

export const wireErrorSchema = z.object({
  error: z.object({
    type: z.string(),
    code: z.string().optional(),
    message: z.string().optional(),
    param: z.string().optional(),
    charge: z.string().optional(),
  }),
});

export type WireCharge = z.infer<typeof wireChargeSchema>;
export type WireError = z.infer<typeof wireErrorSchema>['error'];

export interface WireChargeRequest {
  readonly amount: number;
  readonly currency: string;
  readonly payment_method: string;
  readonly capture: false;
  readonly reference: string;
}
