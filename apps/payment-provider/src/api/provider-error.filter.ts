import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProviderApiError } from './provider-api.error';

/**
 * Renders the provider's API errors in its own JSON shape. Everything else
 * (unknown routes, malformed JSON, shutdown 503s, bugs) is not caught here and
 * leaves through the platform's problem+json filter.
 */
@Catch(ProviderApiError)
export class ProviderErrorFilter implements ExceptionFilter<ProviderApiError> {
  catch(exception: ProviderApiError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    reply.status(exception.status).header('content-type', 'application/json').send(exception.body);
  }
}
