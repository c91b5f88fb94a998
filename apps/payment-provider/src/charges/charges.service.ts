import { Injectable } from '@nestjs/common';
import { ProviderApiError } from '../api/provider-api.error';
import { DECLINE_MESSAGES } from '../cards/test-cards';
import { PaymentMethodStore } from '../payment-methods/payment-method.store';
import { Knobs } from '../simulator/knobs';
import { newId, unixSeconds } from '../support/ids';
import { snapshotOf, type Charge, type Refund } from './charge';
import { ChargeStore } from './charge.store';

export interface CreateCharge {
  readonly amount: number;
  readonly currency: string;
  readonly payment_method: string;
  readonly capture: boolean;
  readonly reference?: string | undefined;
}

/**
 * The simulated processor's rules: authorize (a hold), capture, cancel (void
 * the hold) and refund, with the errors a real processor gives when a call does
 * not fit the charge's state. Every method returns a snapshot.
 */
@Injectable()
export class ChargesService {
  constructor(
    private readonly charges: ChargeStore,
    private readonly methods: PaymentMethodStore,
    private readonly knobs: Knobs,
  ) {}

  create(request: CreateCharge): Charge {
    const card = this.methods.behaviourOf(request.payment_method);
    if (!card) {
      throw ProviderApiError.invalidRequest(
        'resource_missing',
        `No such payment_method: '${request.payment_method}'`,
        'payment_method',
      );
    }
    const outcome = card === 'approve' && this.knobs.drawDecline() ? 'card_declined' : card;
    const declined = outcome !== 'approve';
    const charge: Charge = {
      id: newId('ch'),
      object: 'charge',
      amount: request.amount,
      amount_captured: !declined && request.capture ? request.amount : 0,
      amount_refunded: 0,
      currency: request.currency,
      payment_method: request.payment_method,
      reference: request.reference ?? null,
      status: declined ? 'failed' : request.capture ? 'succeeded' : 'requires_capture',
      captured: !declined && request.capture,
      refunded: false,
      failure_code: declined ? outcome : null,
      failure_message: declined ? DECLINE_MESSAGES[outcome] : null,
      created: unixSeconds(),
      livemode: false,
    };
    this.charges.save(charge);
    if (declined) {
      throw ProviderApiError.cardError(402, outcome, DECLINE_MESSAGES[outcome], { charge: charge.id });
    }
    return snapshotOf(charge);
  }

  capture(id: string, amount?: number): Charge {
    const charge = this.find(id);
    if (charge.status === 'succeeded') {
      throw ProviderApiError.invalidRequest(
        'charge_already_captured',
        `Charge ${id} has already been captured.`,
      );
    }
    if (charge.status !== 'requires_capture') {
      throw ProviderApiError.invalidRequest('charge_not_capturable', `Charge ${id} is ${charge.status}.`);
    }
    if (amount !== undefined && amount > charge.amount) {
      throw ProviderApiError.invalidRequest(
        'amount_too_large',
        'Cannot capture more than authorized.',
        'amount',
      );
    }
    charge.status = 'succeeded';
    charge.captured = true;
    charge.amount_captured = amount ?? charge.amount;
    return snapshotOf(charge);
  }

  cancel(id: string): Charge {
    const charge = this.find(id);
    if (charge.status === 'succeeded') {
      throw ProviderApiError.invalidRequest(
        'charge_already_captured',
        `Charge ${id} has been captured; refund it instead.`,
      );
    }
    if (charge.status === 'canceled') {
      throw ProviderApiError.invalidRequest(
        'charge_already_canceled',
        `Charge ${id} has already been canceled.`,
      );
    }
    if (charge.status !== 'requires_capture') {
      throw ProviderApiError.invalidRequest('charge_not_cancelable', `Charge ${id} is ${charge.status}.`);
    }
    charge.status = 'canceled';
    return snapshotOf(charge);
  }

  refund(chargeId: string, amount?: number): Refund {
    const charge = this.find(chargeId, 'charge');
    if (charge.status === 'requires_capture') {
      throw ProviderApiError.invalidRequest(
        'charge_not_captured',
        `Charge ${chargeId} is not captured; cancel it instead.`,
        'charge',
      );
    }
    if (charge.status !== 'succeeded') {
      throw ProviderApiError.invalidRequest(
        'charge_not_refundable',
        `Charge ${chargeId} is ${charge.status}.`,
        'charge',
      );
    }
    const remaining = charge.amount_captured - charge.amount_refunded;
    if (remaining === 0) {
      throw ProviderApiError.invalidRequest(
        'charge_already_refunded',
        `Charge ${chargeId} has already been refunded.`,
        'charge',
      );
    }
    const refunded = amount ?? remaining;
    if (refunded > remaining) {
      throw ProviderApiError.invalidRequest(
        'amount_too_large',
        `At most ${remaining} can be refunded.`,
        'amount',
      );
    }
    charge.amount_refunded += refunded;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    return {
      id: newId('re'),
      object: 'refund',
      amount: refunded,
      charge: charge.id,
      currency: charge.currency,
      status: 'succeeded',
      created: unixSeconds(),
    };
  }

  get(id: string): Charge {
    return snapshotOf(this.find(id));
  }

  byReference(reference: string): Charge[] {
    return this.charges.byReference(reference).map(snapshotOf);
  }

  private find(id: string, param = 'id'): Charge {
    const charge = this.charges.get(id);
    if (!charge) throw ProviderApiError.notFound('charge', id, param);
    return charge;
  }
}
