import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Claims an event for a consumer inside the consumer's transaction.
 * Returns false when the consumer already processed this event id: the caller
 * skips the effect. The claim commits or rolls back together with the effect, so
 * "claimed" always means "effect applied" - never one without the other.
 */
export async function claimInboxEvent(
  tx: EntityManager,
  consumer: string,
  event: EventEnvelope,
): Promise<boolean> {
  return (await claimInboxEvents(tx, consumer, [event])).has(inboxKey(event.id));
}

/**
 * An event id as the inbox returns it: Postgres gives a uuid back in lowercase,
 * while an envelope may carry it in capitals (both are valid UUIDs).
 */
export const inboxKey = (eventId: string): string => eventId.toLowerCase();

/**
 * `claimInboxEvent` for several events in one statement: returns the newly
 * claimed ids as `inboxKey`s; the others were already processed (or repeat an
 * earlier event of the same list) and must be skipped. RETURNING yields a row
 * only for an insert that happened; a conflict yields none.
 */
export async function claimInboxEvents(
  tx: EntityManager,
  consumer: string,
  events: readonly EventEnvelope[],
): Promise<Set<string>> {
  const inserted: { event_id: string }[] = await tx.query(
    `INSERT INTO inbox (consumer, event_id, event_type)
     SELECT $1, event_id, event_type FROM unnest($2::uuid[], $3::text[]) AS e(event_id, event_type)
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [consumer, events.map((event) => event.id), events.map((event) => event.type)],
  );
  return new Set(inserted.map((row) => row.event_id));
}
