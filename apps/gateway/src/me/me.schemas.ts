import { z } from 'zod';

// Shapes and size bounds; the user service validates content (country codes, lengths).
export const updateMeBody = z.strictObject({
  name: z.string().max(100),
});

export const addAddressBody = z.strictObject({
  line1: z.string().max(100),
  line2: z.string().max(100).default(''),
  city: z.string().max(100),
  postalCode: z.string().max(16),
  country: z.string().max(2),
});
