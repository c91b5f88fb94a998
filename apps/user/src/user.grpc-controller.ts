import { Controller } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { GetUserHandler } from './get-user/get-user.handler';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { toUserProfile } from './user-profile.mapper';

/** gRPC edge of the user service: decode, call the use case, map failures to status codes. */
@Controller()
@userV1.UserServiceControllerMethods()
export class UserGrpcController implements userV1.UserServiceController {
  constructor(
    private readonly registerUserHandler: RegisterUserHandler,
    private readonly getUserHandler: GetUserHandler,
  ) {}

  async registerUser(request: userV1.RegisterUserRequest): Promise<userV1.RegisterUserResponse> {
    const result = await this.registerUserHandler.execute(request);
    if (!result.ok) throw AppError.fromDomain(result.error);
    return { user: toUserProfile(result.value) };
  }

  async getUser(request: userV1.GetUserRequest): Promise<userV1.GetUserResponse> {
    const result = await this.getUserHandler.execute(request.userId);
    if (!result.ok) throw AppError.fromDomain(result.error);
    return { user: toUserProfile(result.value) };
  }
}
