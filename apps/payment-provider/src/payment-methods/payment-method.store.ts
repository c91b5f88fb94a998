import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import { brandOf, behaviourOf, TEST_PAYMENT_METHODS, type CardBehaviour } from '../cards/test-cards';
import type { PaymentProviderConfig } from '../payment-provider.config';
import { BoundedMap } from '../support/bounded-map';
import { newId, unixSeconds } from '../support/ids';

/** What the provider keeps of a card: its behaviour and display data, never the full number. */
export interface PaymentMethod {
  readonly id: string;
  readonly object: 'payment_method';
  readonly type: 'card';
  readonly card: {
    readonly brand: string;
    readonly last4: string;
    readonly exp_month: number;
    readonly exp_year: number;
  };
  readonly created: number;
}

interface StoredMethod {
  readonly method: PaymentMethod;
  readonly behaviour: CardBehaviour;
}

@Injectable()
export class PaymentMethodStore {
  private readonly methods: BoundedMap<string, StoredMethod>;

  constructor(@Inject(APP_CONFIG) config: PaymentProviderConfig) {
    this.methods = new BoundedMap(config.PROVIDER_MAX_ENTRIES);
  }

  create(number: string, expMonth: number, expYear: number): PaymentMethod {
    const method: PaymentMethod = {
      id: newId('pm'),
      object: 'payment_method',
      type: 'card',
      card: { brand: brandOf(number), last4: number.slice(-4), exp_month: expMonth, exp_year: expYear },
      created: unixSeconds(),
    };
    this.methods.set(method.id, { method, behaviour: behaviourOf(number) });
    return method;
  }

  /** A tokenised card, or one of the ready-made test tokens (`pm_card_visa`, ...). */
  behaviourOf(id: string): CardBehaviour | undefined {
    const testCard = TEST_PAYMENT_METHODS[id];
    if (testCard) return behaviourOf(testCard);
    return this.methods.get(id)?.behaviour;
  }
}
