import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { userV1 } from '@shop/contracts';
import { AppError, GrpcClient, parseRequest } from '@shop/platform';
import type { FastifyReply } from 'fastify';
import { USER_CLIENT } from '../grpc-clients';
import { Public } from './auth.decorators';
import { loginBody, refreshTokenBody } from './auth.schemas';
import { bearerChallenge } from './bearer-challenge';

/**
 * Sessions: log in, rotate the refresh token, log out. Public: the credential
 * is in the body. Token responses are `Cache-Control: no-store` (RFC 6749 5.1):
 * no proxy or browser cache may keep them.
 */
@Public()
@Controller('v1/auth')
export class AuthHttpController {
  constructor(@Inject(USER_CLIENT) private readonly users: GrpcClient<userV1.UserServiceClient>) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const { tokens, user } = await challengeOn401(reply, this.users.login(parseRequest(loginBody, body)));
    return { ...tokens, user };
  }

  @Post('refresh')
  @HttpCode(200)
  async refresh(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const { tokens } = await challengeOn401(
      reply,
      this.users.refreshToken(parseRequest(refreshTokenBody, body)),
    );
    return tokens;
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body() body: unknown): Promise<void> {
    await this.users.logout(parseRequest(refreshTokenBody, body));
  }
}

/** A 401 must name its scheme (RFC 9110 section 15.5.2). */
async function challengeOn401<T>(reply: FastifyReply, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof AppError && error.httpStatus === 401)
      reply.header('www-authenticate', bearerChallenge());
    throw error;
  }
}
