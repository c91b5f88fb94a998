import {
  InventoryTopics,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderCreatedV1,
  PaymentTopics,
} from '@shop/contracts';

/**
 * Where order's messages go and come from. Production uses the contracts'
 * topics (DEFAULT_SAGA_TOPOLOGY); integration tests pass private ones, so they
 * never exchange messages with another suite or leave commands on the real
 * topics for a later system run to execute.
 */
export interface SagaTopology {
  readonly inventoryCommands: string;
  readonly inventoryReplies: string;
  readonly paymentCommands: string;
  readonly paymentReplies: string;
  readonly orderCreated: string;
  readonly orderConfirmed: string;
  readonly orderCancelled: string;
  /** The orchestrator's consumer group; also its inbox scope (P10). */
  readonly consumerGroup: string;
}

export const DEFAULT_SAGA_TOPOLOGY: SagaTopology = {
  inventoryCommands: InventoryTopics.commands,
  inventoryReplies: InventoryTopics.replies,
  paymentCommands: PaymentTopics.commands,
  paymentReplies: PaymentTopics.replies,
  orderCreated: OrderCreatedV1.topic,
  orderConfirmed: OrderConfirmedV1.topic,
  orderCancelled: OrderCancelledV1.topic,
  consumerGroup: 'order-saga',
};

export const SAGA_TOPOLOGY = Symbol('SAGA_TOPOLOGY');

/** The topology of a test run: every topic and the group under `<prefix>.`. */
export function privateSagaTopology(prefix: string): SagaTopology {
  const topology = { ...DEFAULT_SAGA_TOPOLOGY };
  for (const key of Object.keys(topology) as (keyof SagaTopology)[])
    topology[key] = `${prefix}.${topology[key]}`;
  return topology;
}
