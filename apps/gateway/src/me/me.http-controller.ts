import { Body, Controller, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import { CurrentUser, type AuthenticatedUser } from '../auth';
import { USER_CLIENT } from '../grpc-clients';
import { addAddressBody, updateMeBody } from './me.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { addressJson, addressListJson, userProfileJson } from '../openapi/response.schemas';

/**
 * The caller's own profile and addresses. The user id comes from the verified
 * token, never from the URL or body: nobody can address someone else's data.
 */
@ApiTag('Me')
@Controller('v1/me')
export class MeHttpController {
  constructor(@Inject(USER_CLIENT) private readonly users: GrpcClient<userV1.UserServiceClient>) {}

  @ApiOperation({
    operationId: 'getMe',
    summary: "The caller's profile",
    response: { schema: userProfileJson, description: 'The profile of the token user.' },
  })
  @Get()
  async get(@CurrentUser() caller: AuthenticatedUser) {
    const { user } = await this.users.getProfile({ userId: caller.userId });
    return user;
  }

  @ApiOperation({
    operationId: 'updateMe',
    summary: "Change the caller's name",
    body: updateMeBody,
    response: { schema: userProfileJson, description: 'The updated profile.' },
  })
  @Patch()
  async update(@CurrentUser() caller: AuthenticatedUser, @Body() body: unknown) {
    const { name } = parseRequest(updateMeBody, body);
    const { user } = await this.users.updateProfile({ userId: caller.userId, name });
    return user;
  }

  @ApiOperation({
    operationId: 'listMyAddresses',
    summary: "The caller's addresses",
    response: { schema: addressListJson, description: 'All addresses.' },
  })
  @Get('addresses')
  async listAddresses(@CurrentUser() caller: AuthenticatedUser) {
    const { addresses } = await this.users.listAddresses({ userId: caller.userId });
    return { items: addresses };
  }

  @ApiOperation({
    operationId: 'addMyAddress',
    summary: 'Add an address',
    body: addAddressBody,
    response: { schema: addressJson, description: 'The new address.' },
    errors: { 422: 'The caller already has the maximum number of addresses (`USER.ADDRESS_LIMIT_REACHED`).' },
  })
  @Post('addresses')
  @HttpCode(201)
  async addAddress(@CurrentUser() caller: AuthenticatedUser, @Body() body: unknown) {
    const { address } = await this.users.addAddress({
      userId: caller.userId,
      ...parseRequest(addAddressBody, body),
    });
    return address;
  }
}
