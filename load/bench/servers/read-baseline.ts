// The minimal baseline of `make bench` (read path): a plain Node HTTP server (node:http, no
// framework, no gateway, no gRPC hop) that answers GET /v1/products/{id} with ONE Redis GET of
// the very cache key the inventory service fills (inventory:v1:product:{<id>}, a hash-tagged key:
// apps/inventory/src/cache/product-cache.ts) and the same public JSON as the gateway. No rate
// limiting, no auth, no tracing, no metrics, no logging: what the architecture adds is the
// difference. A miss answers 404 (the bench warms the cache through the gateway first).
//   BENCH_READ_BASELINE_PORT=22850 REDIS_URL=redis://127.0.0.1:6379/0 node load/bench/servers/read-baseline.ts
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const PORT = Number(process.env['BENCH_READ_BASELINE_PORT'] || 22850);
const redis = new Redis(process.env['REDIS_URL'] || 'redis://127.0.0.1:6379/0', { maxRetriesPerRequest: 1 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CachedProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const send = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const server = createServer((req, res) => {
  const id = /^\/v1\/products\/([^/?]+)$/.exec(req.url ?? '')?.[1];
  if (req.method !== 'GET' || !id || !UUID.test(id)) {
    send(res, 404, { title: 'not found' });
    return;
  }
  redis.get(`inventory:v1:product:{${id.toLowerCase()}}`).then(
    (raw) => {
      const product = raw && raw !== '\u2205' ? (JSON.parse(raw) as CachedProduct) : undefined;
      if (!product) {
        send(res, 404, { title: 'not cached' });
        return;
      }
      send(res, 200, {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        description: product.description,
        price: { amountMinor: product.priceMinor, currency: product.currency },
        active: product.active,
        version: product.version,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      });
    },
    () => send(res, 503, { title: 'redis unavailable' }),
  );
});

server.listen(PORT, '127.0.0.1', () => process.stdout.write(`read baseline on http://127.0.0.1:${PORT}\n`));
const shutdown = () => {
  server.close();
  redis.disconnect();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
