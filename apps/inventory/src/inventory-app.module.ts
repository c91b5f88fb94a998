import { Module } from '@nestjs/common';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { inventoryMigrations } from './persistence/migrations';

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: inventoryMigrations }),
    ServiceMessagingModule.register({
      topics: [],
      outbox: { enabled: true },
    }),
  ],
})
export class InventoryAppModule {}
