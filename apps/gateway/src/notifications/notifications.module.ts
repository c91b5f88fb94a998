import { Module } from '@nestjs/common';
import { GatewayGrpcClients } from '../grpc-clients';
import { NotificationsHttpController } from './notifications.http-controller';

@Module({
  imports: [GatewayGrpcClients],
  controllers: [NotificationsHttpController],
})
export class NotificationsModule {}
