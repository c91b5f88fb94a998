import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { placeOrderBody } from '../orders/orders.schemas';
import { buildOpenApiDocument } from './openapi-document';
import { DocumentConformance } from './testing/document-conformance';

interface Operation {
  operationId: string;
  security: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<
    string,
    { headers?: Record<string, { required?: boolean }>; content?: Record<string, unknown> }
  >;
  'x-required-roles'?: string[];
}

const document = buildOpenApiDocument({ version: '1.2.3' });
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    key: `${method.toUpperCase()} ${path}`,
    op: op as Operation,
  })),
);
const op = (key: string): Operation => {
  const found = operations.find((candidate) => candidate.key === key);
  if (!found) throw new Error(`${key} is not documented`);
  return { ...found.op, responses: resolvedResponses(found.op) };
};
const pointer = (ref: string): unknown =>
  ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
// Generic errors are shared components.responses: tests look at what a client sees.
const resolvedResponses = (operation: Operation): Operation['responses'] =>
  Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => [
      status,
      '$ref' in response ? (pointer(response.$ref as string) as Operation['responses'][string]) : response,
    ]),
  );
const schemas = (document['components'] as { schemas: Record<string, Record<string, unknown>> }).schemas;

describe('the OpenAPI document (P15, P17)', () => {
  it('is valid against the OpenAPI 3.1 JSON schema', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document['openapi']).toMatch(/^3\.1\./);
  });

  it('every $ref resolves and every operationId is unique', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs.map((match) => match.slice(8, -1)))) {
      expect({ ref, resolved: pointer(ref) !== undefined }).toEqual({ ref, resolved: true });
    }
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every schema is valid JSON Schema 2020-12 (Ajv, strict)', () => {
    expect(new DocumentConformance(document).compileAll()).toHaveLength(Object.keys(schemas).length);
  });

  it('the conformance check used on real responses rejects what the document does not allow', () => {
    const conformance = new DocumentConformance(document);
    const json = { 'content-type': 'application/json; charset=utf-8' };
    const stock = { productId: '0b6f6c52-3c2e-4f43-9d59-3f1f3d7c2a10', available: 3, reserved: 0 };
    const stockPath = '/v1/admin/products/{productId}/stock';
    expect(conformance.violations('GET', stockPath, { status: 200, headers: json, body: stock })).toEqual([]);
    expect(
      conformance.violations('GET', stockPath, {
        status: 200,
        headers: json,
        body: { ...stock, available: '3' },
      }),
    ).toEqual(['body/available must be integer']);
    expect(conformance.violations('GET', stockPath, { status: 418, headers: json, body: stock })).toEqual([
      `status 418 is not documented for GET ${stockPath}`,
    ]);
    expect(conformance.violations('GET', '/v1/me', { status: 401, headers: {}, body: {} })).toEqual(
      expect.arrayContaining(['required header WWW-Authenticate is missing']),
    );
  });

  it('request bodies are the zod schemas the handlers validate with (io: input)', () => {
    // Its `.meta({ id })` names the component: zod emits it as a $def of that name.
    const expected = z.toJSONSchema(placeOrderBody, { io: 'input' }).$defs?.['PlaceOrderRequest'];
    expect(op('POST /v1/orders').requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/PlaceOrderRequest',
    });
    expect(schemas['PlaceOrderRequest']).toEqual(expected);
    expect(schemas['PlaceOrderRequest']).toMatchObject({ additionalProperties: false }); // unknown fields -> 400
  });

  it('public routes are exactly the @Public() ones; admin routes need the admin role', () => {
    const publicRoutes = operations.filter(({ op }) => op.security.length === 0).map(({ key }) => key);
    expect(publicRoutes.sort()).toEqual(
      [
        'GET /.well-known/jwks.json',
        'GET /docs',
        'GET /openapi.json',
        'GET /v1/lab/faults',
        'GET /v1/products',
        'GET /v1/products/by-sku/{sku}',
        'GET /v1/products/{productId}',
        'POST /v1/auth/login',
        'POST /v1/auth/logout',
        'POST /v1/auth/refresh',
        'POST /v1/users',
      ].sort(),
    );
    expect(document['security']).toEqual([{ bearerAuth: [] }]);
    for (const { key } of operations) {
      const operation = op(key);
      const admin = key.includes('/admin/') || key === 'GET /v1/users/{userId}';
      expect({ key, roles: operation['x-required-roles'] }).toEqual({
        key,
        roles: admin ? ['admin'] : undefined,
      });
      expect({ key, has403: '403' in operation.responses }).toEqual({ key, has403: admin });
      expect({ key, has401: '401' in operation.responses }).toEqual({
        key,
        has401:
          operation.security.length > 0 || key === 'POST /v1/auth/login' || key === 'POST /v1/auth/refresh',
      });
    }
    expect(op('GET /v1/me').responses['401']?.headers?.['WWW-Authenticate']?.required).toBe(true);
  });

  it('every operation documents 429 with Retry-After, and errors as problem+json', () => {
    for (const { key } of operations) {
      const operation = op(key);
      expect({ key, retryAfter: operation.responses['429']?.headers?.['Retry-After']?.required }).toEqual({
        key,
        retryAfter: true,
      });
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ key, status, content: response.content }).toEqual({
          key,
          status,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
    expect(schemas['Problem']).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code', 'traceId']),
    });
  });

  it('POST /v1/orders: Idempotency-Key, 202 with Location, and the idempotency errors', () => {
    const placeOrder = op('POST /v1/orders');
    expect(placeOrder.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    ]);
    expect(Object.keys(placeOrder.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '409', '413', '422', '429']),
    );
    expect(placeOrder.responses['202']?.headers).toEqual({
      Location: expect.objectContaining({ required: true }),
      'Idempotent-Replayed': expect.any(Object),
    });
  });

  it('creating routes document their Location; bodies can be too large', () => {
    for (const key of ['POST /v1/users', 'POST /v1/admin/products']) {
      expect(op(key).responses['201']?.headers).toHaveProperty('Location');
      expect(op(key).responses).toHaveProperty('413');
    }
    expect(op('POST /v1/auth/logout').responses['204']).toEqual({ description: expect.any(String) });
  });

  // The cursor-paginated lists: their page schema, and the code of a cursor they did not issue.
  const LISTS = [
    { key: 'GET /v1/products', page: 'ProductPage', code: 'INVENTORY.INVALID_CURSOR' },
    { key: 'GET /v1/orders', page: 'OrderPage', code: 'ORDER.INVALID_CURSOR' },
    { key: 'GET /v1/me/notifications', page: 'NotificationPage', code: 'NOTIFICATION.INVALID_CURSOR' },
  ] as const;

  it('lists are cursor-paginated: cursor and limit in, nextCursor out', () => {
    for (const { key, page } of LISTS) {
      const query = op(key).parameters?.filter((parameter) => parameter.in === 'query') ?? [];
      expect(query).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'cursor', required: false }),
          expect.objectContaining({
            name: 'limit',
            required: false,
            schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 }),
          }),
        ]),
      );
      expect(schemas[page]).toMatchObject({ required: ['items', 'nextCursor'] });
    }
  });

  // Issue 14: `cursor=0` was schema-valid and answered 400 with nothing in the document saying so.
  it('says what a cursor is: opaque, and 400 for any cursor the list did not issue', () => {
    for (const { key, code } of LISTS) {
      const cursor = op(key).parameters?.find((parameter) => parameter.name === 'cursor') as
        { description?: string } | undefined;
      expect(cursor?.description).toContain('Opaque');
      expect(cursor?.description).toContain(`400 \`${code}\``);
      expect((op(key).responses['400'] as { description?: string }).description).toContain(code);
    }
  });

  it('shares Money as one component and keeps responses open to new fields', () => {
    expect(JSON.stringify(schemas['Order'])).toContain('"#/components/schemas/Money"');
    expect(JSON.stringify(schemas['Product'])).toContain('"#/components/schemas/Money"');
    expect(schemas['Order']).not.toHaveProperty('additionalProperties');
  });
});
