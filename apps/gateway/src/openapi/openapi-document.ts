import { GatewayAppModule } from '../gateway-app.module';
import { openApiDocument, type OpenApiDocument } from './openapi-builder';
import { nestRoutes } from './nest-routes';

export type { OpenApiDocument } from './openapi-builder';

/**
 * The gateway's document, from every route of GatewayAppModule, without
 * starting the app: for the tests and `npm run contracts:publish`. The running
 * gateway builds the same from the controllers it registered (openapi.module.ts).
 */
export const buildOpenApiDocument = (options: { version: string }): OpenApiDocument =>
  openApiDocument(nestRoutes(GatewayAppModule), options);
