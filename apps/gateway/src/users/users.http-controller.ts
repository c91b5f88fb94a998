import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { GrpcClient, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { Public, Roles } from '../auth';
import { USER_CLIENT } from '../grpc-clients';
import { registerUserBody, userIdParam } from './users.schemas';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { HEADERS } from '../openapi/http-responses';
import { userProfileJson } from '../openapi/response.schemas';

/** REST over the user service's gRPC API. gRPC failures become problem+json (platform filter). */
@ApiTag('Users')
@Controller('v1/users')
export class UsersHttpController {
  constructor(@Inject(USER_CLIENT) private readonly users: GrpcClient<userV1.UserServiceClient>) {}

  /** Self-registration: open to anyone. */
  @ApiOperation({
    operationId: 'registerUser',
    summary: 'Register a customer account',
    body: registerUserBody,
    response: {
      schema: userProfileJson,
      description: 'Registered; a welcome email follows.',
      headers: { Location: HEADERS.location('/v1/users/{userId}') },
    },
    errors: {
      400: 'Invalid fields (`REQUEST.INVALID`): every rule of the user service is in the schema.',
      409: 'The email is already registered (`USER.EMAIL_TAKEN`).',
    },
  })
  @Public()
  @Post()
  @HttpCode(201)
  async register(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { user } = await this.users.registerUser(parseRequest(registerUserBody, body));
    reply.header('location', `/v1/users/${user?.userId}`);
    return user;
  }

  /** Any user by id: an administration read. Callers read themselves at GET /v1/me. */
  @ApiOperation({
    operationId: 'getUser',
    summary: 'Any user by id (administration)',
    params: { userId: userIdParam },
    response: { schema: userProfileJson, description: 'The user.' },
    errors: { 404: 'No such user (`USER.NOT_FOUND`).' },
  })
  @Roles('admin')
  @Get(':userId')
  async get(@Param('userId') userId: string) {
    const { user } = await this.users.getUser({ userId: parseRequest(userIdParam, userId, 'userId') });
    return user;
  }
}
