import { z } from 'zod';

/**
 * An address the user service accepted: its Email rule (libs/user/domain/src/lib/email.ts: one
 * @, no spaces, a dot in the domain, at most 254 characters), written again here because a
 * contract may not import a domain (module boundaries); a test in the user service
 * (append-user-registered.spec.ts) holds the two to the same answers. It was z.email(), a
 * stricter pattern: an address the domain and the API accept (`tc{!nt'!@de.4mygyr8a.com`, valid
 * for RFC 5322) failed to publish and the registration answered 500. Every event published
 * before still matches: the rule only became wider.
 */
const registeredEmail = z
  .string()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an address the user service accepted');

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
    email: registeredEmail,
    name: z.string().min(1),
    registeredAt: z.iso.datetime({ offset: true }),
  }),
} as const;

export type UserRegisteredV1Data = z.infer<typeof UserRegisteredV1.schema>;
