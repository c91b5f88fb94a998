import { createHash } from 'node:crypto';
import type { ProductFilter } from '../persistence/product.repository';

/**
 * The opaque ListProducts cursor: base64url JSON of the last sku of the page
 * and a fingerprint of the filters it was issued for. Keyset pagination
 * (stable under inserts, index-backed, no OFFSET scans); the fingerprint turns
 * "next page of a different query" into a clear INVALID_CURSOR instead of a
 * silently wrong page. Not a secret: tampering only moves the start of a page.
 */
export interface ListCursor {
  readonly afterSku: string;
}

export function encodeCursor(afterSku: string, filter: ProductFilter): string {
  return Buffer.from(JSON.stringify({ v: 1, a: afterSku, f: fingerprint(filter) })).toString('base64url');
}

/** null when malformed or issued for other filters. */
export function decodeCursor(cursor: string, filter: ProductFilter): ListCursor | null {
  if (cursor.length > 512) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (parsed['v'] !== 1 || typeof parsed['a'] !== 'string' || parsed['f'] !== fingerprint(filter)) {
      return null;
    }
    return { afterSku: parsed['a'] };
  } catch {
    return null;
  }
}

function fingerprint(filter: ProductFilter): string {
  const canonical = JSON.stringify([
    filter.active ?? null,
    filter.query ?? '',
    filter.minPriceMinor ?? null,
    filter.maxPriceMinor ?? null,
    filter.currency ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
