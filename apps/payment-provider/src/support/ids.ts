import { randomBytes } from 'node:crypto';

/** Provider-style object ids: `ch_3f9a...`, `pm_...`, `re_...` (opaque to clients). */
export function newId(prefix: 'ch' | 'pm' | 're'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Unix seconds, as the provider's objects carry them (`created`). */
export const unixSeconds = (date = new Date()): number => Math.floor(date.getTime() / 1000);
