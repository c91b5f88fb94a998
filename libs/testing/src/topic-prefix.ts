import { randomBytes } from 'node:crypto';

/**
 * A fresh `KAFKA_TOPIC_PREFIX` for one test run, e.g. `test.order-3f9a0c1d`: the
 * services it boots create, publish, subscribe and join groups only under it, so
 * two suites (or a suite and the running system) never see each other's messages.
 * Tests that produce or consume directly name topics with `prefixedTopic` (@shop/messaging).
 */
export function uniqueTopicPrefix(label: string): string {
  return `test.${label}-${randomBytes(4).toString('hex')}`;
}
