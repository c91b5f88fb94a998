import { Controller } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { Result } from '@shop/shared-kernel';
import { AddAddressHandler } from './addresses/add-address.handler';
import { ListAddressesHandler } from './addresses/list-addresses.handler';
import { GetUserHandler } from './get-user/get-user.handler';
import { LoginHandler } from './login/login.handler';
import { LogoutHandler } from './logout/logout.handler';
import { GetProfileHandler } from './profile/get-profile.handler';
import { UpdateProfileHandler } from './profile/update-profile.handler';
import { RefreshTokenHandler } from './refresh-token/refresh-token.handler';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { SigningKeys } from './tokens/signing-keys';
import { toGrpcError } from './user-errors.mapper';
import { toAddress, toUserProfile, viewToUserProfile } from './user-profile.mapper';

/** Unwraps a use case's Result; a failure becomes a gRPC status with its code. */
function value<T>(result: Result<T>): T {
  if (!result.ok) throw toGrpcError(result.error);
  return result.value;
}

/** gRPC edge of the user service: decode, call the use case, map failures to status codes. */
@Controller()
@userV1.UserServiceControllerMethods()
export class UserGrpcController implements userV1.UserServiceController {
  constructor(
    private readonly registerUserHandler: RegisterUserHandler,
    private readonly getUserHandler: GetUserHandler,
    private readonly loginHandler: LoginHandler,
    private readonly refreshTokenHandler: RefreshTokenHandler,
    private readonly logoutHandler: LogoutHandler,
    private readonly getProfileHandler: GetProfileHandler,
    private readonly updateProfileHandler: UpdateProfileHandler,
    private readonly addAddressHandler: AddAddressHandler,
    private readonly listAddressesHandler: ListAddressesHandler,
    private readonly signingKeys: SigningKeys,
  ) {}

  async registerUser(request: userV1.RegisterUserRequest): Promise<userV1.RegisterUserResponse> {
    return { user: toUserProfile(value(await this.registerUserHandler.execute(request))) };
  }

  async getUser(request: userV1.GetUserRequest): Promise<userV1.GetUserResponse> {
    return { user: toUserProfile(value(await this.getUserHandler.execute(request.userId))) };
  }

  async login(request: userV1.LoginRequest): Promise<userV1.LoginResponse> {
    const { tokens, user } = value(await this.loginHandler.execute(request));
    return { tokens, user: toUserProfile(user) };
  }

  async refreshToken(request: userV1.RefreshTokenRequest): Promise<userV1.RefreshTokenResponse> {
    return { tokens: value(await this.refreshTokenHandler.execute(request.refreshToken)) };
  }

  async logout(request: userV1.LogoutRequest): Promise<userV1.LogoutResponse> {
    value(await this.logoutHandler.execute(request.refreshToken));
    return {};
  }

  getJwks(): userV1.GetJwksResponse {
    return { jwksJson: JSON.stringify(this.signingKeys.jwks) };
  }

  async getProfile(request: userV1.GetProfileRequest): Promise<userV1.GetProfileResponse> {
    const profile = value(await this.getProfileHandler.execute(request.userId));
    return { user: viewToUserProfile(profile.user), addresses: profile.addresses.map(toAddress) };
  }

  async updateProfile(request: userV1.UpdateProfileRequest): Promise<userV1.UpdateProfileResponse> {
    return { user: toUserProfile(value(await this.updateProfileHandler.execute(request))) };
  }

  async addAddress(request: userV1.AddAddressRequest): Promise<userV1.AddAddressResponse> {
    const address = value(await this.addAddressHandler.execute(request));
    return {
      address: toAddress({ ...address, createdAt: address.createdAt.toISOString() }),
    };
  }

  async listAddresses(request: userV1.ListAddressesRequest): Promise<userV1.ListAddressesResponse> {
    return { addresses: value(await this.listAddressesHandler.execute(request.userId)).map(toAddress) };
  }
}
