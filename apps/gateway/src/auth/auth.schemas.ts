import { z } from 'zod';
import { text } from '../request-fields';

// Shapes and size bounds only; credentials are judged by the user service.
export const loginBody = z
  .strictObject({
    email: text({ max: 254 }),
    password: text({ max: 128 }),
  })
  .meta({ id: 'LoginRequest' });

export const refreshTokenBody = z
  .strictObject({
    refreshToken: text({ max: 128 }),
  })
  .meta({ id: 'RefreshTokenRequest' });
