import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * shop.user.registered.v1 — a customer registered. Published by user through
 * its outbox on topic `user.registered.v1`, keyed by user id. A published
 * version never changes: a breaking change is a new `.v2` type and topic.
 */
export const UserRegisteredV1 = defineEvent('shop.user.registered.v1', 'user.registered.v1', {
  userId: z.uuid(),
  email: z.email(),
  name: z.string().min(1),
  registeredAt: z.iso.datetime({ offset: true }),
});

export type UserRegisteredV1Data = z.infer<typeof UserRegisteredV1.schema>;
