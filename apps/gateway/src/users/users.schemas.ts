import { z } from 'zod';

// Request shapes checked at the edge: wrong types and missing fields are
// answered with field-level problem+json 400s before any service is called.
// Business rules (email shape, password length) are the user service's; the
// gateway only bounds sizes so oversized values never travel further.
export const registerUserBody = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(128),
  name: z.string().max(100),
});

export const userIdParam = z.string().max(64);
