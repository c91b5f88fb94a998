import { characterCount, err, FieldError, Money, MoneyError, ok, Result } from '@shop/shared-kernel';
import { OrderErrors } from './order-errors';
import { OrderCancelled, OrderConfirmed, OrderCreated, OrderEvent, OrderEventTypes } from './order-events';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

/** What the customer asked for: a product and how many. Prices come from inventory, never from the client. */
export interface RequestedLine {
  readonly productId: string;
  readonly quantity: number;
}

/** A validated, normalised request: lower-case product ids, trimmed token. */
export interface PlaceOrderRequest {
  readonly lines: readonly RequestedLine[];
  readonly paymentMethodToken: string;
}

/** A product's price and availability as inventory reported them when the order was placed. */
export interface ProductOffer {
  readonly unitPrice: Money;
  readonly active: boolean;
}

export interface OrderLineSnapshot {
  readonly productId: string;
  readonly quantity: number;
  /** Unit price snapshot in the order's currency: later price changes never alter a placed order. */
  readonly unitPriceMinor: number;
  readonly lineTotalMinor: number;
}

export interface OrderSnapshot {
  readonly id: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  /** One currency per order; every line is priced in it. */
  readonly currency: string;
  readonly totalMinor: number;
  readonly lines: readonly OrderLineSnapshot[];
  readonly cancelCode: string | null;
  readonly cancelReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly confirmedAt: Date | null;
  readonly cancelledAt: Date | null;
}

// The saga contracts' bounds (inventory-saga.v1.ts): 1-100 lines, 1-1000 units each.
export const MAX_LINES = 100;
export const MAX_QUANTITY = 1000;
export const PAYMENT_METHOD_TOKEN_MAX_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * The Order aggregate: PENDING while the place-order saga runs, then CONFIRMED
 * or CANCELLED (with the code and reason of the failure), never back. It is
 * immutable: every transition returns a new Order carrying the events to publish.
 */
export class Order {
  private constructor(
    readonly snapshot: OrderSnapshot,
    readonly events: readonly OrderEvent[] = [],
  ) {}

  get id(): string {
    return this.snapshot.id;
  }

  get total(): Money {
    return Money.fromTrusted(this.snapshot.totalMinor, this.snapshot.currency);
  }

  /**
   * Checks the request's shape before anything is fetched or written: 1-100
   * lines, distinct product ids (one line per product), quantities 1-1000, a
   * payment method token. Reports every problem at once.
   */
  static validateRequest(input: {
    lines: readonly RequestedLine[];
    paymentMethodToken: string;
  }): Result<PlaceOrderRequest> {
    const problems: FieldError[] = [];
    if (input.lines.length === 0 || input.lines.length > MAX_LINES) {
      problems.push({ field: 'lines', message: `must have 1-${MAX_LINES} lines` });
    }
    const seen = new Map<string, number>();
    input.lines.forEach((line, index) => {
      if (!isUuid(line.productId)) {
        problems.push({ field: `lines.${index}.productId`, message: 'must be a product id (UUID)' });
      } else if (seen.has(line.productId.toLowerCase())) {
        problems.push({
          field: `lines.${index}.productId`,
          message: `duplicates line ${seen.get(line.productId.toLowerCase())}; use one line per product`,
        });
      } else {
        seen.set(line.productId.toLowerCase(), index);
      }
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
        problems.push({ field: `lines.${index}.quantity`, message: `must be an integer 1-${MAX_QUANTITY}` });
      }
    });
    const token = input.paymentMethodToken.trim();
    if (token.length === 0 || characterCount(token) > PAYMENT_METHOD_TOKEN_MAX_LENGTH) {
      problems.push({
        field: 'paymentMethodToken',
        message: `must be 1-${PAYMENT_METHOD_TOKEN_MAX_LENGTH} characters`,
      });
    }
    if (problems.length > 0) return err(OrderErrors.invalidInput(problems));
    return ok({
      lines: input.lines.map((line) => ({
        productId: line.productId.toLowerCase(),
        quantity: line.quantity,
      })),
      paymentMethodToken: token,
    });
  }

  /**
   * Prices validated lines with inventory's offers (unit price snapshot) and
   * totals them in integer minor units. Unknown products are invalid input,
   * inactive ones a precondition failure, and all lines must share a currency.
   */
  static place(input: {
    id: string;
    customerId: string;
    lines: readonly RequestedLine[];
    offers: ReadonlyMap<string, ProductOffer>;
    now: Date;
  }): Result<Order> {
    const unknown = input.lines.flatMap((line, index) =>
      input.offers.has(line.productId)
        ? []
        : [{ field: `lines.${index}.productId`, message: `product ${line.productId} does not exist` }],
    );
    if (unknown.length > 0) return err(OrderErrors.unknownProducts(unknown));
    const offers = input.lines.map((line) => input.offers.get(line.productId) as ProductOffer);
    const inactive = input.lines.filter((_, index) => !offers[index]?.active).map((line) => line.productId);
    if (inactive.length > 0) return err(OrderErrors.productsUnavailable(inactive));
    const currencies = [...new Set(offers.map((offer) => offer.unitPrice.currency))];
    const currency = currencies[0];
    if (currency === undefined || currencies.length > 1) return err(OrderErrors.mixedCurrencies(currencies));

    let lines: OrderLineSnapshot[];
    let total: Money;
    try {
      const priced = input.lines.map((line, index) => {
        const unitPrice = (offers[index] as ProductOffer).unitPrice;
        return { line, unitPrice, lineTotal: unitPrice.multiply(line.quantity) };
      });
      total = Money.sum(
        priced.map((p) => p.lineTotal),
        currency,
      );
      lines = priced.map(({ line, unitPrice, lineTotal }) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceMinor: unitPrice.amountMinor,
        lineTotalMinor: lineTotal.amountMinor,
      }));
    } catch (error) {
      if (error instanceof MoneyError) return err(OrderErrors.totalTooLarge());
      throw error;
    }

    const snapshot: OrderSnapshot = {
      id: input.id,
      customerId: input.customerId,
      status: 'PENDING',
      currency,
      totalMinor: total.amountMinor,
      lines,
      cancelCode: null,
      cancelReason: null,
      createdAt: input.now,
      updatedAt: input.now,
      confirmedAt: null,
      cancelledAt: null,
    };
    const created: OrderCreated = {
      type: OrderEventTypes.created,
      orderId: snapshot.id,
      customerId: snapshot.customerId,
      total: total.toJSON(),
      lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      createdAt: input.now.toISOString(),
    };
    return ok(new Order(snapshot, [created]));
  }

  static fromSnapshot(snapshot: OrderSnapshot): Order {
    return new Order(snapshot);
  }

  /** PENDING -> CONFIRMED. Confirming a confirmed order is a no-op (no second event). */
  confirm(now: Date): Result<Order> {
    if (this.snapshot.status === 'CONFIRMED') return ok(this);
    if (this.snapshot.status !== 'PENDING') return err(OrderErrors.notPending(this.id, this.snapshot.status));
    const snapshot: OrderSnapshot = {
      ...this.snapshot,
      status: 'CONFIRMED',
      confirmedAt: now,
      updatedAt: now,
    };
    const event: OrderConfirmed = {
      type: OrderEventTypes.confirmed,
      orderId: this.id,
      customerId: snapshot.customerId,
      total: this.total.toJSON(),
      confirmedAt: now.toISOString(),
    };
    return ok(new Order(snapshot, [...this.events, event]));
  }

  /** PENDING -> CANCELLED with the failure's code and reason. Cancelling a cancelled order is a no-op. */
  cancel(code: string, reason: string, now: Date): Result<Order> {
    if (this.snapshot.status === 'CANCELLED') return ok(this);
    if (this.snapshot.status !== 'PENDING') return err(OrderErrors.notPending(this.id, this.snapshot.status));
    const snapshot: OrderSnapshot = {
      ...this.snapshot,
      status: 'CANCELLED',
      cancelCode: code,
      cancelReason: reason,
      cancelledAt: now,
      updatedAt: now,
    };
    const event: OrderCancelled = {
      type: OrderEventTypes.cancelled,
      orderId: this.id,
      customerId: snapshot.customerId,
      total: this.total.toJSON(),
      code,
      reason,
      cancelledAt: now.toISOString(),
    };
    return ok(new Order(snapshot, [...this.events, event]));
  }
}
