import { ISO_3166_ALPHA2 } from '@shop/shared-kernel';
import { z } from 'zod';
import { shapedText, text } from '../request-fields';

// The user service's rules for a profile and an address, stated at the edge (request-fields.ts).
export const updateMeBody = z
  .strictObject({
    name: text({ min: 1, max: 100, notBlank: true }),
  })
  .meta({ id: 'UpdateMeRequest' });

export const addAddressBody = z
  .strictObject({
    line1: text({ min: 1, max: 100, notBlank: true }),
    line2: text({ max: 100 }).default(''),
    city: text({ min: 1, max: 100, notBlank: true }),
    postalCode: shapedText(
      /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/,
      'must be letters, digits, spaces or hyphens, starting and ending with a letter or digit',
      16,
    ),
    country: z
      .enum([...ISO_3166_ALPHA2] as [string, ...string[]])
      .meta({ description: 'ISO 3166-1 alpha-2, upper case, e.g. `DE`.' }),
  })
  .meta({ id: 'AddAddressRequest' });
