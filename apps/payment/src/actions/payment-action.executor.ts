import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type JobOutcome, type Logger } from '@shop/platform';
import { Payment, PaymentFailureCode } from '@shop/payment-domain';
import type { Result } from '@shop/shared-kernel';
import { DataSource, type EntityManager } from 'typeorm';
import { PaymentMessages } from '../messages/payment-messages';
import { PaymentRepository } from '../persistence/payment.repository';
import { PAYMENT_GATEWAY, type PaymentGateway, type SettleOutcome } from '../provider/payment-gateway.port';
import type { PaymentAction } from './payment-action';
import { PaymentActionRepository } from './payment-action.repository';

class LeaseLost extends Error {}

/**
 * Runs one action: read the payment, call the provider through the gateway
 * (no transaction open: the call may take seconds), then ONE transaction
 * that completes the action (fenced by its lease token), applies the domain
 * transition and writes the reply and facts to the outbox. A crash
 * anywhere in between leaves the action open; it runs again with the same
 * idempotency keys and the provider answers as the first time.
 */
@Injectable()
export class PaymentActionExecutor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
    private readonly actions: PaymentActionRepository,
    private readonly messages: PaymentMessages,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(action: PaymentAction): Promise<JobOutcome> {
    const payment = await this.payments.findByOrderId(action.orderId);
    if (!payment) throw new Error(`action ${action.id}: order ${action.orderId} has no payment`);
    switch (action.kind) {
      case 'AUTHORIZE':
        return this.authorize(action, payment);
      case 'CAPTURE':
        return this.capture(action, payment);
      case 'CANCEL':
        return this.cancel(action, payment);
      case 'RELEASE':
        return this.release(action, payment);
    }
  }

  private async authorize(action: PaymentAction, payment: Payment): Promise<JobOutcome> {
    if (payment.status !== 'AUTHORIZING') {
      // Decided already (by an execution whose lease we took over): answer with that outcome.
      return this.finish(action, 'ALREADY_DECIDED', (tx) => this.messages.replyAuthorization(tx, payment));
    }
    const { orderId, amount, paymentMethodToken } = payment.snapshot;
    const outcome = await this.gateway.authorize({ orderId, amount, paymentMethodToken });
    const label = outcome.kind === 'authorized' ? 'AUTHORIZED' : outcome.code;
    return this.finish(action, label, async (tx) => {
      const current = await this.lock(tx, orderId);
      const now = new Date();
      if (outcome.kind === 'authorized') {
        check(current.markAuthorized(outcome.chargeId, now));
      } else {
        check(current.markAuthorizationFailed(outcome.code, outcome.reason, now));
        // An earlier execution of this action may have reached the provider before a crash, or
        // an attempt timed out after the provider processed it: a hold may exist. Release it.
        const unknown = outcome.outcomeUnknown || action.attempts > 1;
        if (outcome.code === PaymentFailureCode.PROVIDER_UNAVAILABLE && unknown) {
          await this.actions.enqueue(tx, { paymentId: current.snapshot.id, orderId, kind: 'RELEASE' });
        }
      }
      await this.save(tx, current);
      await this.messages.replyAuthorization(tx, current);
    });
  }

  private async capture(action: PaymentAction, payment: Payment): Promise<JobOutcome> {
    const { orderId, providerChargeId, amount, status, failureReason } = payment.snapshot;
    switch (payment.captureDecision()) {
      case 'ALREADY_CAPTURED':
        return this.finish(action, 'ALREADY_CAPTURED', (tx) => this.messages.replyCaptured(tx, payment));
      case 'NOT_CAPTURABLE':
        return this.finish(action, 'NOT_CAPTURABLE', (tx) =>
          this.messages.replyCaptureFailed(
            tx,
            orderId,
            'PAYMENT.NOT_CAPTURABLE',
            failureReason ?? `the payment is ${status}`,
          ),
        );
      case 'WAIT_FOR_AUTHORIZATION':
        return this.retryLater(action, { reason: 'the authorization is still running', retryInMs: 0 });
      case 'CAPTURE': {
        const outcome = await this.gateway.capture({
          orderId,
          chargeId: chargeIdOf(providerChargeId),
          amount,
        });
        if (outcome.kind === 'unavailable') return this.retryLater(action, outcome);
        return this.finish(action, outcome.kind === 'done' ? 'CAPTURED' : 'REJECTED', async (tx) => {
          const current = await this.lock(tx, orderId);
          if (outcome.kind === 'done') {
            check(current.markCaptured(new Date()));
            await this.save(tx, current);
            await this.messages.replyCaptured(tx, current);
          } else {
            this.logger.error({ orderId, reason: outcome.reason }, 'the provider rejected a capture');
            check(current.markCaptureRejected(outcome.reason, new Date()));
            await this.save(tx, current);
            await this.messages.replyCaptureFailed(
              tx,
              orderId,
              PaymentFailureCode.CAPTURE_REJECTED,
              outcome.reason,
            );
          }
        });
      }
    }
  }

  private async cancel(action: PaymentAction, payment: Payment): Promise<JobOutcome> {
    const { orderId, providerChargeId } = payment.snapshot;
    const reply = (outcome: 'VOIDED' | 'REFUNDED' | 'NOTHING_TO_CANCEL') => (tx: EntityManager) =>
      this.messages.replyCancelled(tx, orderId, outcome);
    const decision = payment.cancelDecision();
    switch (decision) {
      case 'ALREADY_VOIDED':
        return this.finish(action, 'VOIDED', reply('VOIDED'));
      case 'ALREADY_REFUNDED':
        return this.finish(action, 'REFUNDED', reply('REFUNDED'));
      case 'NOTHING_TO_CANCEL':
        return this.finish(action, 'NOTHING_TO_CANCEL', reply('NOTHING_TO_CANCEL'));
      case 'WAIT_FOR_AUTHORIZATION':
        return this.retryLater(action, { reason: 'the authorization is still running', retryInMs: 0 });
      case 'VOID':
      case 'REFUND': {
        // Void an authorization, refund a capture: the same steps on a different provider call.
        const voiding = decision === 'VOID';
        const request = { orderId, chargeId: chargeIdOf(providerChargeId) };
        const outcome = await (voiding ? this.gateway.void(request) : this.gateway.refund(request));
        if (outcome.kind !== 'done') return this.retryLater(action, outcome);
        const result = voiding ? 'VOIDED' : 'REFUNDED';
        return this.finish(action, result, async (tx) => {
          const current = await this.lock(tx, orderId);
          check(voiding ? current.markVoided(new Date()) : current.markRefunded(new Date()));
          await this.save(tx, current);
          await reply(result)(tx);
        });
      }
    }
  }

  /** Housekeeping after an authorization of unknown outcome: no reply, the saga was answered already. */
  private async release(action: PaymentAction, payment: Payment): Promise<JobOutcome> {
    const { orderId, amount, paymentMethodToken } = payment.snapshot;
    const outcome = await this.gateway.releaseUnknownAuthorization({ orderId, amount, paymentMethodToken });
    if (outcome.kind !== 'done') return this.retryLater(action, outcome);
    this.logger.info(
      { orderId },
      'authorization of unknown outcome released at the provider (if there was one)',
    );
    return this.finish(action, 'RELEASED', async () => undefined);
  }

  /**
   * Not now: the worker gives the lease back and retries after its backoff,
   * never sooner than the open circuit allows. Capture, cancel and release
   * must eventually happen, so they are never dropped; a rejection needs a
   * human (logged as an error) but is retried too.
   */
  private retryLater(
    action: PaymentAction,
    outcome: Exclude<SettleOutcome, { kind: 'done' }> | { reason: string; retryInMs: number },
  ): JobOutcome {
    if ('kind' in outcome && outcome.kind === 'rejected') {
      this.logger.error(
        { orderId: action.orderId, kind: action.kind, attempts: action.attempts, reason: outcome.reason },
        'the provider refuses a payment action that must happen; retrying later',
      );
    }
    const retryInMs = 'retryInMs' in outcome ? outcome.retryInMs : 0;
    return { status: 'failed', error: outcome.reason, retryNotBeforeMs: retryInMs };
  }

  /** The outcome transaction: the action completes (fenced), and whatever `work` writes commits with it. */
  private async finish(
    action: PaymentAction,
    outcome: string,
    work: (tx: EntityManager) => Promise<void>,
  ): Promise<JobOutcome> {
    try {
      await this.dataSource.transaction(async (tx) => {
        if (!(await this.actions.complete(tx, action, outcome))) throw new LeaseLost();
        await work(tx);
      });
      return { status: 'completed' };
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error;
      // Our lease ran out and another worker took over: its outcome counts, ours is dropped.
      return { status: 'lease-lost' };
    }
  }

  private async lock(tx: EntityManager, orderId: string): Promise<Payment> {
    const payment = await this.payments.findByOrderId(orderId, { tx, forUpdate: true });
    if (!payment) throw new Error(`order ${orderId} has no payment`);
    return payment;
  }

  private async save(tx: EntityManager, payment: Payment): Promise<void> {
    await this.payments.update(tx, payment);
    await this.messages.publishFacts(tx, payment, payment.pullEvents());
  }
}

function check(result: Result<void>): void {
  if (!result.ok) throw new Error(result.error.message);
}

function chargeIdOf(chargeId: string | null): string {
  if (!chargeId) throw new Error('an authorized payment without a provider reference');
  return chargeId;
}
