import { Controller, Get, Module, Post } from '@nestjs/common';
import { Public } from '../auth';
import { GatewayAppModule } from '../gateway-app.module';
import { ApiOperation, ApiTag } from './api-operation.decorator';
import { nestRoutes } from './nest-routes';
import { openApiDocument } from './openapi-builder';
import { buildOpenApiDocument } from './openapi-document';
import { coverageGaps, routeKey } from './route-coverage';

// The document and the app cannot drift apart. The document is built from
// the routes read from Nest's own metadata (every controller reachable from
// GatewayAppModule), and a route without @ApiOperation() fails the build of the
// document; the int-spec checks the same against the live Fastify route table.
const served = (root: Parameters<typeof nestRoutes>[0]) =>
  nestRoutes(root).map((route) => routeKey(route.method, route.path));

describe('route coverage: every route of the gateway is documented, and only those', () => {
  const document = buildOpenApiDocument({ version: 'test' });

  it('the Nest routes of GatewayAppModule and the document match exactly', () => {
    expect(coverageGaps(served(GatewayAppModule), document)).toEqual({ undocumented: [], phantom: [] });
    expect(served(GatewayAppModule)).toEqual(
      expect.arrayContaining([
        'POST /v1/orders',
        'GET /v1/products/by-sku/{sku}',
        'GET /.well-known/jwks.json',
      ]),
    );
  });

  it('fails for a route someone adds without documenting it', () => {
    @Controller('v1/wishlist')
    class WishlistHttpController {
      @Get()
      list() {
        return [];
      }
    }
    @Module({ imports: [GatewayAppModule], controllers: [WishlistHttpController] })
    class ExtendedModule {}

    expect(() => openApiDocument(nestRoutes(ExtendedModule), { version: 'test' })).toThrow(
      'GET /v1/wishlist (WishlistHttpController.list) has no @ApiOperation()',
    );
    // The live route table of such an app would show it too (openapi.int-spec.ts).
    expect(coverageGaps(served(ExtendedModule), document)).toEqual({
      undocumented: ['GET /v1/wishlist'],
      phantom: [],
    });
  });

  it('fails for a documented route the app does not serve', () => {
    @Public()
    @ApiTag('Auth')
    @Controller('v1/legacy')
    class LegacyHttpController {
      @ApiOperation({ operationId: 'legacyPing', summary: 'x', callsServices: false })
      @Post('ping')
      ping(): void {
        return undefined;
      }
    }
    @Module({ controllers: [LegacyHttpController] })
    class LegacyModule {}
    const stale = openApiDocument([...nestRoutes(GatewayAppModule), ...nestRoutes(LegacyModule)], {
      version: 'test',
    });
    expect(coverageGaps(served(GatewayAppModule), stale)).toEqual({
      undocumented: [],
      phantom: ['POST /v1/legacy/ping'],
    });
  });
});
