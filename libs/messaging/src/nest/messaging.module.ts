import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { KafkaHealthCheck } from '../kafka/kafka-health-check';
import { TopicAdmin } from '../kafka/topic-admin';
import { EVENT_PUBLISHER, MESSAGING_DATA_SOURCE, MESSAGING_OPTIONS } from '../messaging.constants';
import { OutboxWriter } from '../outbox/outbox-writer';
import { MessagingLifecycle } from './messaging-lifecycle.service';
import type {
  MessagingModuleAsyncOptions,
  MessagingModuleOptions,
  MessagingWiring,
} from './messaging-options';
import { messagingProviders } from './messaging-providers';

/**
 * Kafka, outbox relay and inbox consumers for one service, wired for Nest.
 * Global: any module can inject `OutboxWriter`, `EVENT_PUBLISHER` and
 * `KafkaHealthCheck`. Needs the app's TypeORM `DataSource` to be injectable.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions & MessagingWiring): DynamicModule {
    return MessagingModule.forRootAsync({ ...options, useFactory: () => options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        { provide: MESSAGING_DATA_SOURCE, useExisting: options.dataSourceToken ?? DataSource },
        ...messagingProviders,
        MessagingLifecycle,
      ],
      exports: [OutboxWriter, EVENT_PUBLISHER, KafkaHealthCheck, TopicAdmin],
    };
  }
}
