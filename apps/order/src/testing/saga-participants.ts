import {
  AuthorizePaymentV1,
  CancelPaymentV1,
  CapturePaymentV1,
  CommitStockV1,
  InventoryTopics,
  type EventEnvelope,
  PaymentAuthorizationFailedV1,
  PaymentAuthorizedV1,
  PaymentCancelledV1,
  PaymentCapturedV1,
  PaymentTopics,
  ReleaseStockV1,
  ReserveStockV1,
  StockCommittedV1,
  StockReleasedV1,
  StockReservationFailedV1,
  StockReservedV1,
} from '@shop/contracts';
import {
  buildEnvelope,
  createIdempotentProducer,
  fromKafkaMessage,
  prefixedTopic,
  toKafkaMessage,
} from '@shop/messaging';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

/** A reply the participants send: who sends it, its versioned type and payload. */
export interface ScriptedReply {
  readonly from: 'inventory' | 'payment';
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface ReceivedCommand {
  readonly orderId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly envelope: EventEnvelope;
}

/**
 * What the participants answer to one command: replies (none = silent, two = a
 * duplicate), or 'hold' to keep the default answer until `releaseHeld()`.
 */
export type Answer = ScriptedReply[] | 'hold';

/** Overrides of the default (happy) behaviour, per command type; undefined falls back to the default. */
export type Script = (command: ReceivedCommand, defaults: ScriptedReply[]) => Answer | undefined;

/** Reply builders, valid against the fixed saga schemas. */
export const reply = {
  stockReserved: (orderId: string): ScriptedReply => ({
    type: StockReservedV1.type,
    from: 'inventory',
    data: { orderId, reservationId: randomUUID(), expiresAt: new Date(Date.now() + 900_000).toISOString() },
  }),
  outOfStock: (orderId: string, productIds: string[]): ScriptedReply => ({
    type: StockReservationFailedV1.type,
    from: 'inventory',
    data: { orderId, code: 'INVENTORY.OUT_OF_STOCK', reason: 'not enough stock', productIds },
  }),
  stockCommitted: (orderId: string): ScriptedReply => ({
    type: StockCommittedV1.type,
    from: 'inventory',
    data: { orderId },
  }),
  stockReleased: (orderId: string): ScriptedReply => ({
    type: StockReleasedV1.type,
    from: 'inventory',
    data: { orderId },
  }),
  paymentAuthorized: (orderId: string, amount: unknown): ScriptedReply => ({
    type: PaymentAuthorizedV1.type,
    from: 'payment',
    data: { orderId, paymentId: paymentIdOf(orderId), amount },
  }),
  declined: (orderId: string): ScriptedReply => ({
    type: PaymentAuthorizationFailedV1.type,
    from: 'payment',
    data: { orderId, code: 'PAYMENT.DECLINED', reason: 'card declined' },
  }),
  paymentCaptured: (orderId: string, amount: unknown): ScriptedReply => ({
    type: PaymentCapturedV1.type,
    from: 'payment',
    data: { orderId, paymentId: paymentIdOf(orderId), amount },
  }),
  paymentCancelled: (orderId: string, outcome = 'VOIDED'): ScriptedReply => ({
    type: PaymentCancelledV1.type,
    from: 'payment',
    data: { orderId, outcome },
  }),
};

const paymentIds = new Map<string, string>();
const paymentIdOf = (orderId: string): string => {
  if (!paymentIds.has(orderId)) paymentIds.set(orderId, randomUUID());
  return paymentIds.get(orderId) as string;
};

/**
 * Inventory and payment as the saga sees them, played by the test: a consumer
 * of the suite's (private) command topics that answers on its reply topics,
 * happily unless scripted otherwise. It acts only on orders it recognises: a
 * ReserveStock naming one of `ownProducts`, and every later command of such an
 * order (a test can place orders nobody answers, with other products).
 */
export class SagaParticipants {
  readonly received: ReceivedCommand[] = [];
  readonly groupId = `order-int-participants-${randomUUID()}`;
  /** Amounts authorized per order (payment needs the amount again at capture). */
  private readonly amounts = new Map<string, unknown>();
  private readonly ownOrders = new Set<string>();
  private readonly held: Array<{ command: ReceivedCommand; replies: ScriptedReply[] }> = [];
  /** Event ids handled: a redelivered command is recognised, as the real participants' inbox does. */
  private readonly seen = new Set<string>();
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  script: Script = () => undefined;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix: string,
    private readonly ownProducts: ReadonlySet<string>,
  ) {
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: 100,
    });
    this.producer = createIdempotentProducer(kafka);
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    // From the beginning, so no command of this run can slip past before the first fetch.
    await this.consumer.subscribe({
      topics: [InventoryTopics.commands, PaymentTopics.commands].map((topic) =>
        prefixedTopic(this.topicPrefix, topic),
      ),
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        let envelope: EventEnvelope;
        try {
          envelope = fromKafkaMessage(message);
        } catch {
          return; // someone else's malformed record: not ours to judge
        }
        await this.onCommand(envelope);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  commandsOf(orderId: string): string[] {
    return this.received
      .filter((command) => command.orderId === orderId)
      .map((command) => shortType(command.type));
  }

  /** Sends the replies held back by 'hold' answers (all, or those of one order). */
  async releaseHeld(orderId?: string): Promise<number> {
    const release = this.held.filter((entry) => !orderId || entry.command.orderId === orderId);
    for (const entry of release) {
      this.held.splice(this.held.indexOf(entry), 1);
      await this.send(entry.command.orderId, entry.replies);
    }
    return release.length;
  }

  heldFor(orderId: string): number {
    return this.held.filter((entry) => entry.command.orderId === orderId).length;
  }

  /** Sends replies as the participants would (used for late/duplicate replies). */
  async send(orderId: string, replies: readonly ScriptedReply[]): Promise<void> {
    for (const scripted of replies) {
      const envelope = buildEnvelope(
        { type: scripted.type, subject: orderId, data: scripted.data },
        { source: scripted.from },
      );
      const topic = scripted.from === 'inventory' ? InventoryTopics.replies : PaymentTopics.replies;
      await this.producer.send({
        topic: prefixedTopic(this.topicPrefix, topic),
        messages: [toKafkaMessage(envelope)],
        acks: -1,
      });
    }
  }

  private async onCommand(envelope: EventEnvelope): Promise<void> {
    const data = envelope.data as Record<string, unknown>;
    const orderId = String(data['orderId']);
    if (envelope.type === ReserveStockV1.type) {
      const lines = (data['lines'] as Array<{ productId: string }>) ?? [];
      if (lines.some((line) => this.ownProducts.has(line.productId))) this.ownOrders.add(orderId);
    }
    if (!this.ownOrders.has(orderId)) return;
    // At-least-once delivery: a relay killed after Kafka took a row but before it could mark it
    // published sends it again after its restart. Same event id, so the same command, handled once.
    if (this.seen.has(envelope.id)) return;
    this.seen.add(envelope.id);
    const command: ReceivedCommand = { orderId, type: envelope.type, data, envelope };
    this.received.push(command);
    const defaults = this.defaults(command);
    const answer = this.script(command, defaults) ?? defaults;
    if (answer === 'hold') this.held.push({ command, replies: defaults });
    else await this.send(orderId, answer);
  }

  private defaults(command: ReceivedCommand): ScriptedReply[] {
    const { orderId, data } = command;
    switch (command.type) {
      case ReserveStockV1.type:
        return [reply.stockReserved(orderId)];
      case AuthorizePaymentV1.type:
        this.amounts.set(orderId, data['amount']);
        return [reply.paymentAuthorized(orderId, data['amount'])];
      case CommitStockV1.type:
        return [reply.stockCommitted(orderId)];
      case CapturePaymentV1.type:
        return [reply.paymentCaptured(orderId, this.amounts.get(orderId))];
      case ReleaseStockV1.type:
        return [reply.stockReleased(orderId)];
      case CancelPaymentV1.type:
        return [reply.paymentCancelled(orderId, this.amounts.has(orderId) ? 'VOIDED' : 'NOTHING_TO_CANCEL')];
      default:
        return [];
    }
  }
}

/** `shop.inventory.reserve-stock.v1` -> `reserve-stock`. */
export const shortType = (type: string): string => type.split('.').at(-2) ?? type;
