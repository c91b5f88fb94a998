import { err, Money, ok, Result } from '@shop/shared-kernel';
import { AuthorizationFailureCode, PaymentErrors, PaymentFailureCode } from './payment-errors';
import type { PaymentDomainEvent } from './payment-events';
import { canTransition, PaymentStatus } from './payment-status';

export interface PaymentSnapshot {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  /** The provider's token for the card (never card data: PCI scope stays with the provider). */
  readonly paymentMethodToken: string;
  readonly status: PaymentStatus;
  /** The provider's reference of the authorization, once there is one. */
  readonly providerChargeId: string | null;
  readonly failureCode: PaymentFailureCode | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly authorizedAt: Date | null;
  readonly capturedAt: Date | null;
  readonly voidedAt: Date | null;
  readonly refundedAt: Date | null;
  readonly failedAt: Date | null;
}

export interface StartPayment {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly paymentMethodToken: string;
  readonly now: Date;
}

/** What an authorization ended with, as the saga is told (again, for a repeated command). */
export type AuthorizationOutcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'authorized' }
  | { readonly kind: 'failed'; readonly code: AuthorizationFailureCode; readonly reason: string };

/** What CapturePayment means for a payment in its current state. */
export type CaptureDecision = 'WAIT_FOR_AUTHORIZATION' | 'CAPTURE' | 'ALREADY_CAPTURED' | 'NOT_CAPTURABLE';

/** What CancelPayment (the saga's compensation) means for a payment in its current state. */
export type CancelDecision =
  'WAIT_FOR_AUTHORIZATION' | 'VOID' | 'REFUND' | 'ALREADY_VOIDED' | 'ALREADY_REFUNDED' | 'NOTHING_TO_CANCEL';

/**
 * One payment per order. The aggregate knows the legal transitions and records
 * an event for each; it knows nothing about HTTP, the provider or Kafka.
 */
export class Payment {
  private events: PaymentDomainEvent[] = [];

  private constructor(private state: PaymentSnapshot) {}

  static start(input: StartPayment): Result<Payment> {
    if (input.amount.isZero()) return err(PaymentErrors.amountNotPositive());
    return ok(
      new Payment({
        id: input.id,
        orderId: input.orderId,
        customerId: input.customerId,
        amount: input.amount,
        paymentMethodToken: input.paymentMethodToken,
        status: PaymentStatus.AUTHORIZING,
        providerChargeId: null,
        failureCode: null,
        failureReason: null,
        createdAt: input.now,
        updatedAt: input.now,
        authorizedAt: null,
        capturedAt: null,
        voidedAt: null,
        refundedAt: null,
        failedAt: null,
      }),
    );
  }

  static fromSnapshot(snapshot: PaymentSnapshot): Payment {
    return new Payment(snapshot);
  }

  get snapshot(): PaymentSnapshot {
    return this.state;
  }

  get status(): PaymentStatus {
    return this.state.status;
  }

  /** Events recorded since the last call; the caller publishes them with the state change. */
  pullEvents(): PaymentDomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  markAuthorized(providerChargeId: string, now: Date): Result<void> {
    return this.move(PaymentStatus.AUTHORIZED, now, { providerChargeId, authorizedAt: now }, [
      { type: 'PaymentAuthorized', at: now },
    ]);
  }

  markAuthorizationFailed(code: AuthorizationFailureCode, reason: string, now: Date): Result<void> {
    if (this.state.status !== PaymentStatus.AUTHORIZING) {
      return err(PaymentErrors.illegalTransition(this.state.status, PaymentStatus.FAILED));
    }
    return this.fail(code, reason, now);
  }

  markCaptured(now: Date): Result<void> {
    return this.move(PaymentStatus.CAPTURED, now, { capturedAt: now }, [
      { type: 'PaymentCaptured', at: now },
    ]);
  }

  /** The provider refused the capture for good (not a transient failure: those are retried). */
  markCaptureRejected(reason: string, now: Date): Result<void> {
    if (this.state.status !== PaymentStatus.AUTHORIZED) {
      return err(PaymentErrors.illegalTransition(this.state.status, PaymentStatus.FAILED));
    }
    return this.fail(PaymentFailureCode.CAPTURE_REJECTED, reason, now);
  }

  markVoided(now: Date): Result<void> {
    return this.move(PaymentStatus.VOIDED, now, { voidedAt: now }, [{ type: 'PaymentVoided', at: now }]);
  }

  markRefunded(now: Date): Result<void> {
    return this.move(PaymentStatus.REFUNDED, now, { refundedAt: now }, [
      { type: 'PaymentRefunded', at: now },
    ]);
  }

  authorizationOutcome(): AuthorizationOutcome {
    if (this.state.status === PaymentStatus.AUTHORIZING) return { kind: 'pending' };
    // Once authorized, always "authorized" for the saga, whatever happened later.
    if (this.state.authorizedAt !== null) return { kind: 'authorized' };
    return {
      kind: 'failed',
      code: (this.state.failureCode ?? PaymentFailureCode.PROVIDER_UNAVAILABLE) as AuthorizationFailureCode,
      reason: this.state.failureReason ?? 'authorization failed',
    };
  }

  captureDecision(): CaptureDecision {
    switch (this.state.status) {
      case PaymentStatus.AUTHORIZING:
        return 'WAIT_FOR_AUTHORIZATION';
      case PaymentStatus.AUTHORIZED:
        return 'CAPTURE';
      case PaymentStatus.CAPTURED:
      case PaymentStatus.REFUNDED:
        // Refunded after a capture: the capture itself did happen.
        return 'ALREADY_CAPTURED';
      default:
        return 'NOT_CAPTURABLE';
    }
  }

  cancelDecision(): CancelDecision {
    switch (this.state.status) {
      case PaymentStatus.AUTHORIZING:
        return 'WAIT_FOR_AUTHORIZATION';
      case PaymentStatus.AUTHORIZED:
        return 'VOID';
      case PaymentStatus.CAPTURED:
        return 'REFUND';
      case PaymentStatus.VOIDED:
        return 'ALREADY_VOIDED';
      case PaymentStatus.REFUNDED:
        return 'ALREADY_REFUNDED';
      default:
        return 'NOTHING_TO_CANCEL';
    }
  }

  private fail(code: PaymentFailureCode, reason: string, now: Date): Result<void> {
    return this.move(PaymentStatus.FAILED, now, { failureCode: code, failureReason: reason, failedAt: now }, [
      { type: 'PaymentFailed', at: now, code, reason },
    ]);
  }

  private move(
    to: PaymentStatus,
    now: Date,
    changes: Partial<PaymentSnapshot>,
    events: PaymentDomainEvent[],
  ): Result<void> {
    if (!canTransition(this.state.status, to)) {
      return err(PaymentErrors.illegalTransition(this.state.status, to));
    }
    this.state = { ...this.state, ...changes, status: to, updatedAt: now };
    this.events.push(...events);
    return ok(undefined);
  }
}
