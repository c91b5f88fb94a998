import { GrpcContracts } from '@shop/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

interface Route {
  name?: string;
  match?: { uri?: { regex?: string } }[];
  retries?: { attempts?: number };
}

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** `rpc Name(` of the order service's proto, as served at /shop.order.v1.OrderService/<Name>. */
function orderRpcs(): string[] {
  const proto = readFileSync(GrpcContracts.order.protoPath, 'utf8');
  return [...proto.matchAll(/^\s*rpc\s+(\w+)\s*\(/gm)].map((match) => match[1] as string);
}

function orderRoutes(): Route[] {
  const text = readFileSync(join(REPO_ROOT, 'deploy/istio/virtualservices.yaml'), 'utf8');
  const services = parseAllDocuments(text).map((doc) => doc.toJS());
  const order = services.find((s) => s?.kind === 'VirtualService' && s.metadata?.name === 'order');
  return order?.spec?.http ?? [];
}

/** The first route whose match (or catch-all) takes the path, as Envoy picks it. */
function routeFor(path: string, routes: Route[]): Route | undefined {
  return routes.find(
    (route) => !route.match || route.match.some((m) => new RegExp(m.uri?.regex ?? '^$').test(path)),
  );
}

// PlaceOrder creates an order; only its Idempotency-Key makes a repeat safe, and
// the client holds the key. The mesh retries routes by RPC name (Get/List/Check), so
// this fails if PlaceOrder is ever renamed into that pattern, or its route retries.
describe('PlaceOrder is never retried by the mesh (P05)', () => {
  const path = (rpc: string) => `/${GrpcContracts.order.package}.${GrpcContracts.order.service}/${rpc}`;

  it('falls on a route with no retries; the queries do retry', () => {
    const routes = orderRoutes();
    expect(orderRpcs()).toEqual(['PlaceOrder', 'GetOrder', 'ListOrders']);
    expect(routeFor(path('PlaceOrder'), routes)?.retries?.attempts).toBe(0);
    expect(routeFor(path('GetOrder'), routes)?.retries?.attempts).toBeGreaterThan(0);
    expect(routeFor(path('ListOrders'), routes)?.retries?.attempts).toBeGreaterThan(0);
  });
});
