import { Module } from '@nestjs/common';
import { UserRegisteredV1 } from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { DatabaseModule } from '@shop/platform';
import { GetUserHandler } from './get-user/get-user.handler';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { userMigrations } from './persistence/migrations';
import { UserRecord } from './persistence/user.record';
import { UserRepository } from './persistence/user.repository';
import { PASSWORD_HASHER } from './security/password-hasher.port';
import { ScryptPasswordHasher } from './security/scrypt-password-hasher';
import { UserGrpcController } from './user.grpc-controller';

const useCases = [RegisterUserHandler, GetUserHandler];
const adapters = [UserRepository, { provide: PASSWORD_HASHER, useClass: ScryptPasswordHasher }];

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [UserRecord], migrations: userMigrations }),
    ServiceMessagingModule.register({
      topics: [{ topic: UserRegisteredV1.topic }],
      outbox: { enabled: true },
    }),
  ],
  controllers: [UserGrpcController],
  providers: [...useCases, ...adapters],
})
export class UserAppModule {}
