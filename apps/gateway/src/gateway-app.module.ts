import { Module } from '@nestjs/common';
import { AuthModule } from './auth';
import { GatewayGrpcClients } from './grpc-clients';
import { MeModule } from './me/me.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { ProductsModule } from './products/products.module';
import { UsersHttpController } from './users/users.http-controller';

@Module({
  // AuthModule registers the global JwtAuthGuard: every route needs a token unless @Public().
  imports: [GatewayGrpcClients, AuthModule, MeModule, NotificationsModule, OrdersModule, ProductsModule],
  controllers: [UsersHttpController],
})
export class GatewayAppModule {}
