import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import { ChargeStore } from './charges/charge.store';
import { ChargesHttpController } from './charges/charges.http-controller';
import { ChargesService } from './charges/charges.service';
import { IdempotencyStore } from './idempotency/idempotency.store';
import type { PaymentProviderConfig } from './payment-provider.config';
import { PaymentMethodStore } from './payment-methods/payment-method.store';
import { PaymentMethodsHttpController } from './payment-methods/payment-methods.http-controller';
import { RefundsHttpController } from './refunds/refunds.http-controller';
import { knobDefaults, Knobs } from './simulator/knobs';
import { MoneyCallRunner } from './simulator/money-call.runner';
import { SimulatorHttpController } from './simulator/simulator.http-controller';
import { SimulatorStats } from './simulator/simulator-stats';

const stores = [
  ChargeStore,
  PaymentMethodStore,
  {
    provide: IdempotencyStore,
    inject: [APP_CONFIG],
    useFactory: (config: PaymentProviderConfig) => new IdempotencyStore(config.PROVIDER_MAX_ENTRIES),
  },
];
const simulator = [
  {
    provide: Knobs,
    inject: [APP_CONFIG],
    useFactory: (config: PaymentProviderConfig) => new Knobs(knobDefaults(config)),
  },
  MoneyCallRunner,
  SimulatorStats,
];

/** The simulated external card processor (HTTP): tokenisation, charges, refunds, and test-only knobs. */
@Module({
  controllers: [
    PaymentMethodsHttpController,
    ChargesHttpController,
    RefundsHttpController,
    SimulatorHttpController,
  ],
  providers: [...stores, ...simulator, ChargesService],
})
export class PaymentProviderAppModule {}
