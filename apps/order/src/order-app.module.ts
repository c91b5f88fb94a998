import { Module } from '@nestjs/common';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { orderMigrations } from './persistence/migrations';

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: orderMigrations }),
    ServiceMessagingModule.register({
      topics: [],
      outbox: { enabled: true },
    }),
  ],
})
export class OrderAppModule {}
