import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import type { PaymentProviderConfig } from '../payment-provider.config';
import { BoundedMap } from '../support/bounded-map';
import type { Charge } from './charge';

/** Charges by id, in memory and bounded (a simulator; a real processor persists them). */
@Injectable()
export class ChargeStore {
  private readonly charges: BoundedMap<string, Charge>;

  constructor(@Inject(APP_CONFIG) config: PaymentProviderConfig) {
    this.charges = new BoundedMap(config.PROVIDER_MAX_ENTRIES);
  }

  get(id: string): Charge | undefined {
    return this.charges.get(id);
  }

  save(charge: Charge): void {
    this.charges.set(charge.id, charge);
  }

  byReference(reference: string): Charge[] {
    return [...this.charges.values()].filter((charge) => charge.reference === reference);
  }
}
