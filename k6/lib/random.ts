// Random choices for the scenarios. Test data, not secrets: Math.random is enough, and it is
// the same in k6 and in the runner (k6 has no node:crypto).

/** A uniformly random element (the data sets are never empty: setup() guarantees it). */
export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Chooses a key by weight: { a: 3, b: 1 } returns "a" three times out of four. */
export function weighted<K extends string>(weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  let roll = Math.random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return (entries.at(-1) as [K, number])[0];
}

/** A version-4 UUID: Idempotency-Keys and ids that exist nowhere. */
export const uuid = (): string =>
  'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
