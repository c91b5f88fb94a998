import type { EventEnvelope } from '@shop/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Port for reacting to one event type. The consumer runner calls it inside
 * a database transaction that also holds the inbox row for `event.id`, so
 * every write the handler makes through `tx` commits exactly once with that row,
 * or not at all. Throwing rolls the whole transaction back and the runner retries.
 *
 * A handler that needs to emit events appends them with `OutboxWriter.append(tx, ...)`
 * on the same `tx`: consume, change state and publish become one atomic step.
 */
export interface EventHandler<TData = unknown> {
  handle(event: EventEnvelope<TData>, tx: EntityManager): Promise<void>;
}
