import { GatewayAppModule } from '../gateway-app.module';
import { apiOperationOf } from './api-operation.decorator';
import { nestRoutes } from './nest-routes';
import type { OpenApiDocument } from './openapi-document';

/** `GET /v1/orders/{orderId}`: a route as the document names it. */
export type RouteKey = string;

export const routeKey = (method: string, path: string): RouteKey => `${method.toUpperCase()} ${path}`;

/** The operations of a document, as route keys. */
export function documentedRoutes(document: OpenApiDocument): RouteKey[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => routeKey(method, path)),
  );
}

/** The routes deliberately left out of the document (@ExcludeFromApiDocument(reason)). */
export const excludedRoutes = (): RouteKey[] =>
  nestRoutes(GatewayAppModule)
    .filter((route) => {
      const doc = apiOperationOf(route.controller.prototype[route.handler] as object);
      return doc !== undefined && 'excludedBecause' in doc;
    })
    .map((route) => routeKey(route.method, route.path));

/**
 * What differs between the routes an app really serves and its document:
 * `undocumented` are served but missing from the document, `phantom` are
 * documented but not served. Both must be empty.
 */
export function coverageGaps(served: readonly RouteKey[], document: OpenApiDocument) {
  const documented = new Set(documentedRoutes(document));
  const excluded = new Set(excludedRoutes());
  const servedSet = new Set(served);
  return {
    undocumented: [...servedSet].filter((route) => !documented.has(route) && !excluded.has(route)).sort(),
    phantom: [...documented, ...excluded].filter((route) => !servedSet.has(route)).sort(),
  };
}
