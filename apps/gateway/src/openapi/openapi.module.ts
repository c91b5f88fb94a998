import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import type { GatewayConfig } from '../gateway.config';
import { ApiDocs } from './api-docs';
import { buildOpenApiDocument } from './openapi-document';
import { OpenApiHttpController } from './openapi.http-controller';

/** GET /openapi.json and GET /docs: the API described from its own code (docs/api.md). */
@Module({
  controllers: [OpenApiHttpController],
  providers: [
    {
      provide: ApiDocs,
      inject: [APP_CONFIG],
      useFactory: (config: GatewayConfig) =>
        ApiDocs.load(buildOpenApiDocument({ version: config.SERVICE_VERSION })),
    },
  ],
})
export class OpenApiModule {}
