import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { AppError, GrpcClient, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { USER_CLIENT } from '../grpc-clients';
import { Public } from './auth.decorators';
import { loginBody, refreshTokenBody } from './auth.schemas';
import { bearerChallenge } from './bearer-challenge';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { HEADERS } from '../openapi/http-responses';
import { loginResponseJson, tokenPairJson } from '../openapi/response.schemas';

/**
 * Sessions: log in, rotate the refresh token, log out. Public: the credential
 * is in the body. Token responses are `Cache-Control: no-store` (RFC 6749 5.1):
 * no proxy or browser cache may keep them.
 */
@Public()
@ApiTag('Auth')
@Controller('v1/auth')
export class AuthHttpController {
  constructor(@Inject(USER_CLIENT) private readonly users: GrpcClient<userV1.UserServiceClient>) {}

  @ApiOperation({
    operationId: 'login',
    summary: 'Log in: an access token and a refresh token',
    body: loginBody,
    response: {
      schema: loginResponseJson,
      description: 'Logged in.',
      headers: { 'Cache-Control': HEADERS.noStore },
    },
    errors: {
      401: 'Wrong email or password (`USER.INVALID_CREDENTIALS`): one answer for both, so emails cannot be probed.',
    },
  })
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { tokens, user } = await issueTokens(reply, () => this.users.login(parseRequest(loginBody, body)));
    return { ...tokens, user };
  }

  @ApiOperation({
    operationId: 'refreshToken',
    summary: 'Rotate the refresh token: a new token pair',
    description: 'The refresh token is single use; presenting a spent one revokes its whole family.',
    body: refreshTokenBody,
    response: {
      schema: tokenPairJson,
      description: 'A new token pair; the old refresh token is spent.',
      headers: { 'Cache-Control': HEADERS.noStore },
    },
    errors: {
      401: 'Unknown, spent, revoked or expired refresh token (`USER.INVALID_REFRESH_TOKEN`): log in again.',
    },
  })
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const { tokens } = await issueTokens(reply, () =>
      this.users.refreshToken(parseRequest(refreshTokenBody, body)),
    );
    return tokens;
  }

  @ApiOperation({
    operationId: 'logout',
    summary: "Log out: revoke the refresh token's family",
    description: 'Always 204, also for an unknown or already revoked token.',
    body: refreshTokenBody,
  })
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: unknown): Promise<void> {
    await this.users.logout(parseRequest(refreshTokenBody, body));
  }
}

/**
 * Runs a call that issues tokens. Its answer, tokens or problem, is never cached, and a
 * 401 names its scheme (RFC 9110 section 15.5.2). The call is passed unstarted so that
 * even a 400 from parsing its body is marked no-store.
 */
async function issueTokens<T>(reply: FastifyReply, call: () => Promise<T>): Promise<T> {
  reply.header('cache-control', 'no-store');
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError && error.httpStatus === 401)
      reply.header('www-authenticate', bearerChallenge());
    throw error;
  }
}
