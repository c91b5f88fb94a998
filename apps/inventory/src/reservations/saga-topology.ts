import { InventoryTopics } from '@shop/contracts';

/**
 * Where the saga conversation happens. Production uses the contract's topics and
 * the `inventory` consumer group; integration tests pass unique names so they
 * never share a topic or a group with a running system.
 */
export interface SagaTopology {
  readonly commandsTopic: string;
  readonly repliesTopic: string;
  readonly consumerGroup: string;
}

export const SAGA_TOPOLOGY = Symbol('SAGA_TOPOLOGY');

export const DEFAULT_SAGA_TOPOLOGY: SagaTopology = {
  commandsTopic: InventoryTopics.commands,
  repliesTopic: InventoryTopics.replies,
  consumerGroup: 'inventory',
};
