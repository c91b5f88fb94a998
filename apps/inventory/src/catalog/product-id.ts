const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Product ids are UUIDs. A string that is not one cannot name a product: it is
 * answered as not found without a query (and without filling the cache with junk keys).
 */
export const isProductId = (value: string): boolean => UUID.test(value);

/** Postgres prints UUIDs in lower case; cache keys and lock order use the same form. */
export const canonicalId = (value: string): string => value.toLowerCase();
