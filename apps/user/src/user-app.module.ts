import { Module } from '@nestjs/common';
import { UserRegisteredV1 } from '@shop/contracts';
import { ServiceMessagingModule } from '@shop/messaging';
import { APP_CONFIG, CacheReadiness, DatabaseModule, RedisModule } from '@shop/platform';
import { AddAddressHandler } from './addresses/add-address.handler';
import { ListAddressesHandler } from './addresses/list-addresses.handler';
import { GetUserHandler } from './get-user/get-user.handler';
import { LoginHandler } from './login/login.handler';
import { LogoutHandler } from './logout/logout.handler';
import { AddressRepository } from './persistence/address.repository';
import { userMigrations } from './persistence/migrations';
import { RefreshTokenRepository } from './persistence/refresh-token.repository';
import { UserRepository } from './persistence/user.repository';
import { GetProfileHandler } from './profile/get-profile.handler';
import { ProfileCache } from './profile/profile-cache';
import { UpdateProfileHandler } from './profile/update-profile.handler';
import { RefreshTokenHandler } from './refresh-token/refresh-token.handler';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { PASSWORD_HASHER } from './security/password-hasher.port';
import { ScryptPasswordHasher } from './security/scrypt-password-hasher';
import { AccessTokenIssuer } from './tokens/access-token.issuer';
import { RefreshTokenPurgeJob } from './tokens/refresh-token-purge.job';
import { SessionTokens } from './tokens/session-tokens';
import { SigningKeys } from './tokens/signing-keys';
import type { UserConfig } from './user.config';
import { UserGrpcController } from './user.grpc-controller';

const useCases = [
  RegisterUserHandler,
  GetUserHandler,
  LoginHandler,
  RefreshTokenHandler,
  LogoutHandler,
  GetProfileHandler,
  UpdateProfileHandler,
  AddAddressHandler,
  ListAddressesHandler,
];
const tokens = [
  {
    provide: SigningKeys,
    inject: [APP_CONFIG],
    useFactory: (config: UserConfig) => SigningKeys.fromConfig(config),
  },
  AccessTokenIssuer,
  SessionTokens,
  RefreshTokenPurgeJob,
];
const adapters = [
  UserRepository,
  AddressRepository,
  RefreshTokenRepository,
  ProfileCache,
  CacheReadiness,
  { provide: PASSWORD_HASHER, useClass: ScryptPasswordHasher },
];

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [], migrations: userMigrations }),
    RedisModule.forRoot(),
    ServiceMessagingModule.register({
      topics: [{ topic: UserRegisteredV1.topic }],
      outbox: { enabled: true },
    }),
  ],
  controllers: [UserGrpcController],
  providers: [...useCases, ...tokens, ...adapters],
})
export class UserAppModule {}
