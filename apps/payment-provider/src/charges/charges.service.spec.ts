import { ProviderApiError } from '../api/provider-api.error';
import type { PaymentProviderConfig } from '../payment-provider.config';
import { PaymentMethodStore } from '../payment-methods/payment-method.store';
import { Knobs, type KnobValues } from '../simulator/knobs';
import { ChargeStore } from './charge.store';
import { ChargesService } from './charges.service';
import { thrownBy } from '@shop/testing';

const config = { PROVIDER_MAX_ENTRIES: 100 } as PaymentProviderConfig;
const knobDefaults: KnobValues = {
  latencyMs: 0,
  failureRate: 0,
  declineRate: 0,
  timeoutRate: 0,
  hangMs: 1,
  seed: null,
  failNext: 0,
  timeoutNext: 0,
};

function service(knobs = new Knobs(knobDefaults)) {
  return new ChargesService(new ChargeStore(config), new PaymentMethodStore(config), knobs);
}

const hold = {
  amount: 500,
  currency: 'eur',
  payment_method: 'pm_card_visa',
  capture: false,
  reference: 'order-1',
};

describe('simulated processor rules', () => {
  it('authorize -> capture -> refund', () => {
    const charges = service();
    const charge = charges.create(hold);
    expect(charge).toMatchObject({ status: 'requires_capture', captured: false, amount_captured: 0 });
    expect(charges.capture(charge.id)).toMatchObject({
      status: 'succeeded',
      captured: true,
      amount_captured: 500,
    });
    expect(charges.refund(charge.id)).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded' });
    expect(charges.get(charge.id)).toMatchObject({ refunded: true, amount_refunded: 500 });
    expect(thrownBy(ProviderApiError, () => charges.refund(charge.id)).body.error.code).toBe(
      'charge_already_refunded',
    );
  });

  it('authorize -> cancel (void); a voided charge can be neither captured nor voided again', () => {
    const charges = service();
    const { id } = charges.create(hold);
    expect(charges.cancel(id)).toMatchObject({ status: 'canceled' });
    expect(thrownBy(ProviderApiError, () => charges.capture(id)).body.error.code).toBe(
      'charge_not_capturable',
    );
    expect(thrownBy(ProviderApiError, () => charges.cancel(id)).body.error.code).toBe(
      'charge_already_canceled',
    );
  });

  it('a captured charge cannot be voided (refund it) and an uncaptured one cannot be refunded (void it)', () => {
    const charges = service();
    const captured = charges.create(hold);
    charges.capture(captured.id);
    expect(thrownBy(ProviderApiError, () => charges.cancel(captured.id)).body.error.code).toBe(
      'charge_already_captured',
    );
    const held = charges.create(hold);
    expect(thrownBy(ProviderApiError, () => charges.refund(held.id)).body.error.code).toBe(
      'charge_not_captured',
    );
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error'],
  ])('%s declines with 402 %s and leaves a failed charge', (paymentMethod, code) => {
    const charges = service();
    const error = thrownBy(ProviderApiError, () =>
      charges.create({ ...hold, payment_method: paymentMethod }),
    );
    expect(error.status).toBe(402);
    expect(error.body.error).toMatchObject({ type: 'card_error', code });
    expect(charges.get(error.body.error.charge ?? '')).toMatchObject({
      status: 'failed',
      failure_code: code,
    });
  });

  it('the decline knob declines approving cards; an unknown payment method is resource_missing', () => {
    const knobs = new Knobs({ ...knobDefaults, declineRate: 1 });
    expect(thrownBy(ProviderApiError, () => service(knobs).create(hold)).body.error.code).toBe(
      'card_declined',
    );
    const missing = thrownBy(ProviderApiError, () =>
      service().create({ ...hold, payment_method: 'pm_nope' }),
    );
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'payment_method' });
  });

  it('charges are found by the merchant reference', () => {
    const charges = service();
    charges.create(hold);
    charges.create({ ...hold, reference: 'order-2' });
    expect(charges.byReference('order-1')).toHaveLength(1);
  });
});
