import { z } from 'zod';

/**
 * shop.user.registered.v1 — a customer registered. Published by user through
 * its outbox on topic `user.registered.v1`, keyed by user id. A published
 * version never changes: a breaking change is a new `.v2` type and topic.
 */
export const UserRegisteredV1 = {
  type: 'shop.user.registered.v1',
  topic: 'user.registered.v1',
  schema: z.object({
    userId: z.uuid(),
    email: z.email(),
    name: z.string().min(1),
    registeredAt: z.iso.datetime({ offset: true }),
  }),
} as const;

export type UserRegisteredV1Data = z.infer<typeof UserRegisteredV1.schema>;
