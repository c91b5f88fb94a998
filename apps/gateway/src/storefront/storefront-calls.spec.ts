import { globSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildOpenApiDocument } from '../openapi/openapi-document';

// The storefront (apps/storefront) uses the public API only: every call it can make is a row of
// its API_ROUTES table, and every row is an operation of this gateway's OpenAPI document. Read as
// text, not imported: the gateway and the browser app share no code (module boundaries).
const repoRoot = join(__dirname, '..', '..', '..', '..');
const storefrontSrc = join(repoRoot, 'apps/storefront/src');
const routesFile = join(storefrontSrc, 'api/api-routes.ts');
const clientFile = join(storefrontSrc, 'api/http-client.ts');

const documented = new Set(
  Object.entries(buildOpenApiDocument({ version: '0.0.0' }).paths).flatMap(([path, item]) =>
    Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`),
  ),
);
const storefrontCalls = [
  ...readFileSync(routesFile, 'utf8').matchAll(/method: '(\w+)', path: '([^']+)'/g),
].map(([, method, path]) => `${method} ${path}`);

describe('the storefront calls nothing but the documented public API', () => {
  it('reads its route table (a table that matches nothing would prove nothing)', () => {
    expect(storefrontCalls).toEqual(expect.arrayContaining(['POST /v1/orders', 'GET /v1/orders/{orderId}']));
    expect(storefrontCalls.length).toBeGreaterThanOrEqual(8);
  });

  it('every row of its API_ROUTES is an operation of the OpenAPI document', () => {
    expect(storefrontCalls.filter((call) => !documented.has(call))).toEqual([]);
  });

  it('only the HTTP client calls fetch, and only the route table names an API path', () => {
    const sources = globSync('**/*.{ts,tsx}', { cwd: storefrontSrc })
      .filter((file) => !/\.spec\.ts$/.test(file))
      .map((file) => join(storefrontSrc, file));
    const fetching = sources.filter((file) =>
      /\bfetch\(|new (XMLHttpRequest|EventSource|WebSocket)\b/.test(readFileSync(file, 'utf8')),
    );
    const namingPaths = sources.filter((file) => /['"`]\/v1\//.test(readFileSync(file, 'utf8')));
    expect(fetching.map((file) => relative(storefrontSrc, file))).toEqual([
      relative(storefrontSrc, clientFile),
    ]);
    expect(namingPaths.map((file) => relative(storefrontSrc, file))).toEqual([
      relative(storefrontSrc, routesFile),
    ]);
  });
});
