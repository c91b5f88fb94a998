import { Module } from '@nestjs/common';
import { GatewayGrpcClients } from './grpc-clients';
import { UsersHttpController } from './users/users.http-controller';

@Module({
  imports: [GatewayGrpcClients],
  controllers: [UsersHttpController],
})
export class GatewayAppModule {}
