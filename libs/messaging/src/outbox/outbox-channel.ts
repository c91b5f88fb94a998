/**
 * The LISTEN/NOTIFY channel the outbox writer pings and the relay listens on:
 * `outbox_<service>`, folded to a plain lower-case identifier so it needs no
 * quoting rules beyond double quotes and never exceeds Postgres' 63-byte limit.
 */
export function outboxChannel(serviceName: string): string {
  const safe = serviceName.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (!safe) throw new Error('service name must not be empty');
  return `outbox_${safe}`.slice(0, 63);
}

/** Key of the session advisory lock that elects one relay per service (hashed to bigint by Postgres). */
export function relayLockName(serviceName: string): string {
  return `shop.outbox-relay:${serviceName}`;
}
