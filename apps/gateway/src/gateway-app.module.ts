import { Module } from '@nestjs/common';
import { RedisModule } from '@shop/platform';
import { AuthModule } from './auth';
import { GatewayGrpcClients } from './grpc-clients';
import { LabModule } from './lab/lab.module';
import { MeModule } from './me/me.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpenApiModule } from './openapi/openapi.module';
import { OrdersModule } from './orders/orders.module';
import { ProductsModule } from './products/products.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { StorefrontModule } from './storefront/storefront.module';
import { UsersHttpController } from './users/users.http-controller';

@Module({
  // AuthModule registers the global JwtAuthGuard: every route needs a token unless @Public().
  // RateLimitModule: per-IP limit before everything, per-user and per-route after authentication.
  imports: [
    RedisModule.forRoot(),
    RateLimitModule,
    GatewayGrpcClients,
    AuthModule,
    MeModule,
    NotificationsModule,
    OrdersModule,
    ProductsModule,
    OpenApiModule,
    LabModule,
    StorefrontModule,
  ],
  controllers: [UsersHttpController],
})
export class GatewayAppModule {}
