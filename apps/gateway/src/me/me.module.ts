import { Module } from '@nestjs/common';
import { GatewayGrpcClients } from '../grpc-clients';
import { MeHttpController } from './me.http-controller';

@Module({
  imports: [GatewayGrpcClients],
  controllers: [MeHttpController],
})
export class MeModule {}
