import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';
import { breakingChanges } from './testing/openapi-compat';

// The REST API as published (libs/contracts/baseline/openapi, written by
// `npm run contracts:publish`) is what clients rely on. The current document may
// grow (new operations, optional request fields, response fields), never break it.
const baselineFile = join(__dirname, '../../../../libs/contracts/baseline/openapi/openapi.json');
const baseline = JSON.parse(readFileSync(baselineFile, 'utf8')) as OpenApiDocument;
const current = buildOpenApiDocument({ version: 'test' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test mutations
const operation = (document: OpenApiDocument, method: string, path: string): Json =>
  document.paths[path]?.[method] as Json;
const schema = (document: OpenApiDocument, name: string): Json =>
  (document['components'] as Json)['schemas'][name] as Json;
const parameters = (document: OpenApiDocument, method: string, path: string): Json[] =>
  operation(document, method, path)['parameters'] as Json[];
const parameter = (document: OpenApiDocument, method: string, path: string, name: string): Json =>
  parameters(document, method, path).find((p) => p['name'] === name) as Json;

/** The changes between the current document and a mutated copy of it. */
const changesAfter = (mutate: (copy: OpenApiDocument) => void, before = current): string[] => {
  const copy = structuredClone(before);
  mutate(copy);
  return breakingChanges(before, copy);
};

describe('the OpenAPI document against its published baseline (P15)', () => {
  it('breaks no client of the published document', () => {
    expect(breakingChanges(baseline, current)).toEqual([]);
  });

  // Where the two must agree even after additive changes: what clients are generated from.
  it('keeps the published frame, and every operation its id and access rules', () => {
    const frame = (document: OpenApiDocument) => ({
      ...document,
      paths: undefined,
      info: { ...(document['info'] as object), version: undefined },
      components: { securitySchemes: (document['components'] as Json)['securitySchemes'] as unknown },
    });
    expect(frame(current)).toEqual(frame(baseline));
    for (const [path, item] of Object.entries(baseline.paths)) {
      for (const [method, published] of Object.entries(item as Record<string, Json>)) {
        const { operationId, security, 'x-required-roles': roles } = published;
        expect({ path, method, ...operation(current, method, path) }).toMatchObject({
          path,
          method,
          operationId,
          security,
          ...(roles ? { 'x-required-roles': roles } : {}),
        });
      }
    }
  });

  it('the baseline is a whole document, not an empty stub', () => {
    expect(baseline['openapi']).toMatch(/^3\.1\./);
    expect(Object.keys(baseline.paths).length).toBeGreaterThan(10);
  });

  const breaking: [string, (copy: OpenApiDocument) => void, string][] = [
    [
      'a removed path',
      (copy) => delete copy.paths['/v1/products/by-sku/{sku}'],
      '/v1/products/by-sku/{sku}: path removed',
    ],
    [
      'a removed operation',
      (copy) => delete copy.paths['/v1/me']?.['patch'],
      'PATCH /v1/me: operation removed',
    ],
    [
      'a removed parameter',
      (copy) => {
        operation(copy, 'get', '/v1/orders')['parameters'] = parameters(copy, 'get', '/v1/orders').filter(
          (p) => p['name'] !== 'cursor',
        );
      },
      'GET /v1/orders: query parameter "cursor" removed',
    ],
    [
      'a renamed parameter',
      (copy) => (parameter(copy, 'get', '/v1/products', 'q')['name'] = 'query'),
      'GET /v1/products: query parameter "q" removed',
    ],
    [
      'a parameter that became required',
      (copy) => (parameter(copy, 'get', '/v1/orders', 'limit')['required'] = true),
      'GET /v1/orders: query parameter "limit" became required',
    ],
    [
      'a new required parameter',
      (copy) =>
        parameters(copy, 'get', '/v1/orders').push({ name: 'X-Tenant', in: 'header', required: true }),
      'GET /v1/orders: header parameter "X-Tenant" added as required',
    ],
    [
      'a request enum value removed',
      (copy) => (parameter(copy, 'get', '/v1/products', 'active')['schema']['enum'] = ['true']),
      'GET /v1/products: query parameter "active": enum value "false" no longer accepted',
    ],
    [
      'a request body property that became required',
      (copy) => schema(copy, 'AddAddressRequest')['required'].push('line2'),
      'POST /v1/me/addresses: request body.line2: became required',
    ],
    [
      'a request body property added as required',
      (copy) => {
        schema(copy, 'PlaceOrderRequest')['properties']['couponCode'] = { type: 'string' };
        schema(copy, 'PlaceOrderRequest')['required'].push('couponCode');
      },
      'POST /v1/orders: request body.couponCode: added as required',
    ],
    [
      'a request body property whose type narrowed',
      (copy) => (schema(copy, 'UpdateProductRequest')['properties']['active'] = { type: 'string' }),
      'PATCH /v1/admin/products/{productId}: request body.active: type narrowed, boolean no longer accepted',
    ],
    [
      'a request body bound tightened',
      (copy) => (schema(copy, 'PlaceOrderRequest')['properties']['lines']['maxItems'] = 10),
      'POST /v1/orders: request body.lines: maxItems tightened to 10',
    ],
    [
      'a removed response status code',
      (copy) => delete operation(copy, 'get', '/v1/orders/{orderId}')['responses']['404'],
      'GET /v1/orders/{orderId}: response 404 removed',
    ],
    [
      'a removed response property',
      (copy) => delete schema(copy, 'StockLevel')['properties']['reserved'],
      'GET /v1/admin/products/{productId}/stock: response 200 body.reserved: removed',
    ],
    [
      'a renamed response property',
      (copy) => {
        const money = schema(copy, 'Money');
        money['properties'] = {
          amountMinor: money['properties'].amountMinor,
          currencyCode: { type: 'string' },
        };
        money['required'] = ['amountMinor', 'currencyCode'];
      },
      'GET /v1/products/{productId}: response 200 body.price.currency: removed',
    ],
    [
      'a response property whose type changed',
      (copy) => (schema(copy, 'Order')['properties']['createdAt'] = { type: 'integer' }),
      'GET /v1/orders/{orderId}: response 200 body.createdAt: type changed, may now be integer',
    ],
    [
      'a response property that may now be null',
      (copy) => (schema(copy, 'StockLevel')['properties']['available']['type'] = ['integer', 'null']),
      'GET /v1/admin/products/{productId}/stock: response 200 body.available: type changed, may now be null',
    ],
    [
      'a response property no longer required',
      (copy) => (schema(copy, 'StockLevel')['required'] = ['productId', 'available']),
      'GET /v1/admin/products/{productId}/stock: response 200 body.reserved: no longer always present',
    ],
    [
      'a removed response header',
      (copy) => delete operation(copy, 'post', '/v1/orders')['responses']['202']['headers']['Location'],
      'POST /v1/orders: response 202: header Location removed',
    ],
    [
      'a public operation that now requires a token',
      (copy) => (operation(copy, 'get', '/v1/products')['security'] = [{ bearerAuth: [] }]),
      'GET /v1/products: now requires authentication',
    ],
  ];

  it.each(breaking)('reports %s', (_change, mutate, expected) => {
    expect(changesAfter(mutate)).toContain(expected);
  });

  it('reports an enum value removed from a response (the gateway has no closed response enum yet)', () => {
    const withEnum = structuredClone(current);
    schema(withEnum, 'Order')['properties']['status']['enum'] = ['PENDING', 'CONFIRMED', 'CANCELLED'];
    const changes = changesAfter(
      (copy) => (schema(copy, 'Order')['properties']['status']['enum'] = ['PENDING', 'CONFIRMED']),
      withEnum,
    );
    expect(changes).toContain(
      'GET /v1/orders/{orderId}: response 200 body.status: enum value "CANCELLED" removed',
    );
  });

  it('accepts additive changes', () => {
    const changes = changesAfter((copy) => {
      // a new optional request field and a looser request: more is accepted
      schema(copy, 'RegisterUserRequest')['properties']['marketingOptIn'] = { type: 'boolean' };
      schema(copy, 'PlaceOrderRequest')['properties']['lines']['maxItems'] = 200;
      parameter(copy, 'get', '/v1/products', 'active')['schema']['enum'].push('any');
      parameters(copy, 'get', '/v1/orders').push({ name: 'status', in: 'query', required: false });
      // a new response field, and a response that got narrower (never null any more)
      schema(copy, 'Order')['properties']['note'] = { type: 'string' };
      schema(copy, 'NotificationPage')['properties']['nextCursor']['type'] = 'string';
      // a new operation, a new response status, a renamed path parameter (same URL for clients)
      copy.paths['/v1/wishlist'] = { get: operation(copy, 'get', '/v1/me') };
      operation(copy, 'get', '/v1/me')['responses']['404'] = { description: 'Not Found' };
      copy.paths['/v1/orders/{id}'] = copy.paths['/v1/orders/{orderId}'] as Json;
      delete copy.paths['/v1/orders/{orderId}'];
      parameter(copy, 'get', '/v1/orders/{id}', 'orderId')['name'] = 'id';
    });
    expect(changes).toEqual([]);
  });
});
