import { Module, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { APP_CONFIG } from '@shop/platform';
import type { GatewayConfig } from '../gateway.config';
import { ApiDocs } from './api-docs';
import { controllerRoutes } from './nest-routes';
import { openApiDocument } from './openapi-builder';
import { OpenApiHttpController } from './openapi.http-controller';

/** GET /openapi.json and GET /docs: the API described from its own code (docs/api.md). */
@Module({
  controllers: [OpenApiHttpController],
  providers: [
    {
      provide: ApiDocs,
      // The controllers this app registered (openapi-document.ts reads the same from GatewayAppModule).
      inject: [APP_CONFIG, ModulesContainer],
      useFactory: (config: GatewayConfig, modules: ModulesContainer) => {
        const controllers = [...modules.values()].flatMap((module) => [...module.controllers.keys()]);
        return ApiDocs.load(
          openApiDocument(controllerRoutes(controllers as Type[]), { version: config.SERVICE_VERSION }),
        );
      },
    },
  ],
})
export class OpenApiModule {}
