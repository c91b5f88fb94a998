import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../database/database.module';
import { RedisModule } from '../../redis/redis.module';
import { KafkaHealth } from './kafka-health';
import { ProbeController } from './probe.controller';

@Module({
  imports: [DatabaseModule.forRoot({ entities: [] }), RedisModule.forRoot()],
  controllers: [ProbeController],
  providers: [KafkaHealth],
})
export class ProbeAppModule {}
