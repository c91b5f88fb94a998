import { Inject, Injectable } from '@nestjs/common';
import type { orderV1 } from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import {
  isUuid,
  Order,
  OrderErrors,
  type PlaceOrderRequest,
  type RequestedLine,
  validateIdempotencyKey,
} from '@shop/order-domain';
import { LOGGER, type Logger } from '@shop/platform';
import { err, ok, type Result } from '@shop/shared-kernel';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdempotencyKeyRepository, type KeyRef } from '../idempotency/idempotency-key.repository';
import { requestFingerprint } from '../idempotency/request-fingerprint';
import { OrderMetrics } from '../order-metrics';
import { toOrderEventMessage } from '../order-events.mapper';
import { toOrderView } from '../order-view.mapper';
import { OrderRepository } from '../persistence/order.repository';
import { PlaceOrderSagaOrchestrator } from '../saga/place-order-saga.orchestrator';
import { SAGA_TOPOLOGY, type SagaTopology } from '../saga/saga-topology';
import { PRODUCT_CATALOG, type ProductCatalog } from './product-catalog.port';

export interface PlaceOrderCommand {
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly lines: readonly RequestedLine[];
  readonly paymentMethodToken: string;
}

export interface PlaceOrderResult {
  /** The order as first placed; a replay returns the stored copy, unchanged. */
  readonly order: orderV1.Order;
  readonly replayed: boolean;
}

/** Stored with a completed key: the order was accepted for asynchronous processing. */
const ACCEPTED = 202;
/**
 * How long an IN_FLIGHT key belongs to the request processing it. Far above
 * the longest PlaceOrder (the gateway's 2 s deadline, a 5 s statement timeout):
 * only a crashed or hung request ever outlives it, and then a retry takes over.
 * The lease token still fences a request that outlives it (P05).
 */
const IDEMPOTENCY_LEASE_MS = 30_000;

/**
 * Places an order (P05, P09). In order:
 * 1. validate the request: nothing is written for bad input;
 * 2. claim the Idempotency-Key (insert first; a concurrent duplicate gets 409,
 *    a different request 422, a completed one its stored response);
 * 3. price the lines with inventory over gRPC, outside any transaction;
 * 4. ONE transaction: complete the key with the response, insert the order
 *    (PENDING), the order.created event, the saga and its ReserveStock command.
 * Any failure between 2 and 4 releases the key, so the client may retry with it.
 */
@Injectable()
export class PlaceOrderHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeyRepository,
    private readonly orders: OrderRepository,
    private readonly saga: PlaceOrderSagaOrchestrator,
    private readonly outbox: OutboxWriter,
    private readonly metrics: OrderMetrics,
    @Inject(PRODUCT_CATALOG) private readonly catalog: ProductCatalog,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SAGA_TOPOLOGY) private readonly topology: SagaTopology,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<Result<PlaceOrderResult>> {
    if (!isUuid(command.customerId)) {
      return err(OrderErrors.invalidInput([{ field: 'customerId', message: 'must be a UUID' }]));
    }
    const key = validateIdempotencyKey(command.idempotencyKey);
    if (!key.ok) return key;
    const request = Order.validateRequest(command);
    if (!request.ok) return request;

    const ref: KeyRef = { customerId: command.customerId.toLowerCase(), key: key.value };
    const fingerprint = requestFingerprint(request.value);
    const claim = await this.keys.claim(ref, fingerprint, new Date(), IDEMPOTENCY_LEASE_MS);
    switch (claim.kind) {
      case 'REPLAY':
        this.metrics.placeRequest('replayed');
        return ok({ order: claim.response.body as orderV1.Order, replayed: true });
      case 'KEY_REUSED':
        this.metrics.placeRequest('key_reused');
        return err(OrderErrors.idempotencyKeyReused());
      case 'IN_PROGRESS':
        this.metrics.placeRequest('in_progress');
        return err(OrderErrors.requestInProgress(untilLeaseEnds(claim.leaseExpiresAt)));
      case 'CLAIMED':
        if (claim.tookOver) {
          this.metrics.placeRequest('taken_over');
          this.logger.warn(
            { customerId: ref.customerId },
            'idempotency key taken over after its lease expired',
          );
        }
    }

    let result: Result<PlaceOrderResult>;
    try {
      result = await this.place(ref, claim.leaseToken, request.value, fingerprint);
    } catch (error) {
      await this.release(ref, claim.leaseToken);
      throw error;
    }
    // Releasing is fenced by the lease token: a no-op when the key was completed.
    if (!result.ok) await this.release(ref, claim.leaseToken);
    else if (!result.value.replayed) this.metrics.placeRequest('created');
    return result;
  }

  private async place(
    ref: KeyRef,
    leaseToken: string,
    request: PlaceOrderRequest,
    fingerprint: string,
  ): Promise<Result<PlaceOrderResult>> {
    const answer = await this.catalog.offersFor(request.lines.map((line) => line.productId));
    if (!answer.found) return err(unknownProducts(request.lines, answer.unknownProductIds));

    const now = new Date();
    const placed = Order.place({
      id: randomUUID(),
      customerId: ref.customerId,
      lines: request.lines,
      offers: answer.offers,
      now,
    });
    if (!placed.ok) return placed;
    const order = placed.value;
    const start = this.saga.plan(order, request.paymentMethodToken, now);
    const view = toOrderView(order.snapshot, start.history);

    const committed = await this.dataSource.transaction(async (tx) => {
      // First, so a request that lost the key (fenced) writes nothing at all.
      const owned = await this.keys.complete(
        tx,
        ref,
        leaseToken,
        order.id,
        { status: ACCEPTED, body: view },
        now,
      );
      if (!owned) return false;
      await this.orders.insert(tx, order.snapshot);
      for (const event of order.events)
        await this.outbox.append(tx, toOrderEventMessage(event, this.topology));
      await this.saga.begin(tx, start, now);
      return true;
    });
    if (committed) return ok({ order: view, replayed: false });
    return this.afterLostLease(ref, fingerprint);
  }

  /** This request outlived its lease and another one took the key over: answer as a duplicate would be. */
  private async afterLostLease(ref: KeyRef, fingerprint: string): Promise<Result<PlaceOrderResult>> {
    this.logger.warn({ customerId: ref.customerId }, 'idempotency key lost to a takeover; nothing written');
    const stored = await this.keys.find(ref);
    if (stored?.completed && stored.fingerprint === fingerprint) {
      return ok({ order: stored.body as orderV1.Order, replayed: true });
    }
    return err(OrderErrors.requestInProgress(untilLeaseEnds(stored?.leaseExpiresAt)));
  }

  private async release(ref: KeyRef, leaseToken: string): Promise<void> {
    try {
      await this.keys.release(ref, leaseToken);
    } catch (error) {
      // The lease runs out on its own; a retry then takes the key over.
      this.logger.error({ err: error, customerId: ref.customerId }, 'could not release an idempotency key');
    }
  }
}

/**
 * How long a retry should wait: until the owner's lease ends. By then the key is
 * completed (a retry replays it), released or free to take over. An unknown
 * lease (the key vanished meanwhile) means "now". Measured from the time of the
 * answer, not the start of this request: a concurrent duplicate that started
 * before the owner claimed the key would otherwise be told more than a whole
 * lease (31 s for a 30 s lease, seen in CI).
 */
function untilLeaseEnds(leaseExpiresAt: Date | undefined): number {
  return leaseExpiresAt ? Math.max(0, leaseExpiresAt.getTime() - Date.now()) : 0;
}

function unknownProducts(lines: readonly RequestedLine[], unknownIds: readonly string[]) {
  const unknown = new Set(unknownIds.map((id) => id.toLowerCase()));
  const fields = lines.flatMap((line, index) =>
    unknown.has(line.productId)
      ? [{ field: `lines.${index}.productId`, message: `product ${line.productId} does not exist` }]
      : [],
  );
  return OrderErrors.unknownProducts(
    fields.length > 0 ? fields : [{ field: 'lines', message: 'names a product that does not exist' }],
  );
}
