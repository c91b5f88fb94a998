import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Claims an event for a consumer inside the consumer's transaction (P10).
 * Returns false when the consumer already processed this event id: the caller
 * skips the effect. The claim commits or rolls back together with the effect, so
 * "claimed" always means "effect applied" - never one without the other.
 */
export async function claimInboxEvent(
  tx: EntityManager,
  consumer: string,
  event: EventEnvelope,
): Promise<boolean> {
  // RETURNING yields a row only when the insert happened; a conflict yields none.
  const inserted: unknown[] = await tx.query(
    `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3)
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [consumer, event.id, event.type],
  );
  return inserted.length === 1;
}
