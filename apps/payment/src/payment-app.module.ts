import { Module } from '@nestjs/common';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { paymentMigrations } from './persistence/migrations';

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: paymentMigrations }),
    ServiceMessagingModule.register({
      topics: [],
      outbox: { enabled: true },
    }),
  ],
})
export class PaymentAppModule {}
