import { Module } from '@nestjs/common';

/** The simulated card processor. Its API (authorize, capture, void, refund, knobs) arrives with issue #3. */
@Module({})
export class PaymentProviderAppModule {}
