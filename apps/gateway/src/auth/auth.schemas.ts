import { z } from 'zod';

// Shapes and size bounds only; credentials are judged by the user service.
export const loginBody = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(128),
});

export const refreshTokenBody = z.strictObject({
  refreshToken: z.string().max(128),
});
