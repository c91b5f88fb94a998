import { z } from 'zod';
import { problemComponents, routeProblem } from './http-responses';
import { nestRoute, type NestRoute } from './nest-routes';
import type { AnyOperation, JsonSchema, ProblemStatus, Tag } from './operation';
import { moneyJson, problemJson } from './response-schemas';
import { OPERATIONS } from './route-registry';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const SCHEMA_REF = (name: string) => `#/components/schemas/${name}`;

const TAGS: { name: Tag; description: string }[] = [
  { name: 'Auth', description: 'Sessions: log in, refresh, log out; the token keys (JWKS).' },
  { name: 'Users', description: 'Registration, and user administration.' },
  { name: 'Me', description: "The caller's own profile, addresses and notifications." },
  { name: 'Catalog', description: 'Public product browsing (cache-aside reads, P13).' },
  { name: 'Catalog admin', description: 'Products and stock: role `admin`.' },
  { name: 'Orders', description: 'Idempotent order placement (P05) and the saga status.' },
  { name: 'Documentation', description: 'This document and its reference page.' },
];

/**
 * The OpenAPI 3.1 document of the gateway, built from the code: routes from the
 * controllers' decorators, request schemas from the zod schemas the handlers
 * validate with (z.toJSONSchema, JSON Schema 2020-12 = OpenAPI 3.1's dialect),
 * response schemas from the compile-checked views (P15).
 */
export function buildOpenApiDocument(
  options: { version: string },
  operations: readonly AnyOperation[] = OPERATIONS,
): OpenApiDocument {
  const components = new SchemaComponents();
  components.add('Problem', problemJson);
  components.add('Money', moneyJson);
  const paths: OpenApiDocument['paths'] = {};
  for (const definition of operations) {
    const route = nestRoute(definition.controller, definition.handler);
    const item = (paths[route.path] ??= {});
    if (item[route.method])
      throw new Error(`${route.method.toUpperCase()} ${route.path} is documented twice`);
    item[route.method] = operationObject(definition, route, components);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Shop gateway API',
      version: options.version,
      description:
        'The public REST API of the shop reference system. Errors are RFC 9457 problem details ' +
        '(`application/problem+json`) with a stable `code` and the `traceId`. Money is integer minor ' +
        'units with an ISO 4217 currency. Lists are cursor-paginated: pass `nextCursor` back as `cursor`. ' +
        'Responses may gain fields: ignore the ones you do not know.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This gateway' }],
    tags: TAGS,
    // Secure by default, like the gateway's global guard: public operations say `security: []`.
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: components.toJsonSchemas(),
      responses: problemComponents(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The `accessToken` of POST /v1/auth/login (ES256, short-lived), verified against ' +
            '/.well-known/jwks.json. Roles (`customer`, `admin`) are claims of the token.',
        },
      },
    },
  };
}

function operationObject(definition: AnyOperation, route: NestRoute, components: SchemaComponents) {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const documented = Object.keys(definition.params ?? {});
  if (pathParams.join() !== documented.join()) {
    throw new Error(`${route.path}: path parameters [${pathParams}] but params documents [${documented}]`);
  }
  const parameters = [
    ...Object.entries(definition.params ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema: toJsonSchema(schema),
    })),
    ...(definition.query ? queryParameters(definition.query) : []),
    ...(definition.headers ?? []),
  ];
  return {
    operationId: definition.operationId,
    tags: [definition.tag],
    summary: definition.summary,
    ...(describe(definition, route) ? { description: describe(definition, route) } : {}),
    // P15: who may call it comes from @Public()/@Roles(), the decorators the guard enforces.
    security: route.isPublic ? [] : [{ bearerAuth: [] }],
    ...(route.roles.length > 0 ? { 'x-required-roles': route.roles } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(definition.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: components.add(definition.body.name, definition.body.schema) },
              },
            },
          },
        }
      : {}),
    responses: {
      [String(route.status)]: successResponse(definition, components),
      // Revalidation (RFC 9110 section 13.1.2): whatever carries an ETag answers If-None-Match.
      ...(definition.rawResponse?.headers?.['ETag']
        ? { '304': { description: 'Not Modified: the copy named in `If-None-Match` is current.' } }
        : {}),
      ...errorResponses(definition, route),
    },
  };
}

function describe(definition: AnyOperation, route: NestRoute): string | undefined {
  const access = route.isPublic
    ? 'Public: no token needed.'
    : route.roles.length > 0
      ? `Requires a token with the role: ${route.roles.join(' or ')}.`
      : undefined;
  return [definition.description, access].filter(Boolean).join('\n\n') || undefined;
}

function successResponse(definition: AnyOperation, components: SchemaComponents) {
  const { response, rawResponse } = definition;
  if (response) {
    return {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      content: { 'application/json': { schema: { $ref: components.add(response.name, response.schema) } } },
    };
  }
  if (rawResponse) {
    return {
      description: rawResponse.description,
      ...(rawResponse.headers ? { headers: rawResponse.headers } : {}),
      content: { [rawResponse.mediaType]: { schema: rawResponse.schema } },
    };
  }
  return { description: 'Done; no content.' };
}

/** The errors a route can answer, derived from what it is: validated, authenticated, rate limited... */
function errorResponses(definition: AnyOperation, route: NestRoute) {
  // Any request may carry headers past Node's limit (431); 405 is for methods no operation declares.
  const statuses = new Set<ProblemStatus>([429, 431, 500, 503]);
  if (definition.params || definition.query || definition.body || definition.headers) statuses.add(400);
  if (definition.body) statuses.add(413).add(415);
  if (!route.isPublic) statuses.add(401);
  if (route.roles.length > 0) statuses.add(403);
  if (definition.callsServices !== false) statuses.add(504);
  for (const status of Object.keys(definition.errors ?? {})) statuses.add(Number(status) as ProblemStatus);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => [String(status), routeProblem(status, definition.errors?.[status])]),
  );
}

function queryParameters(query: z.ZodObject) {
  const schema = toJsonSchema(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

// io 'input': requests are documented as clients send them (before defaults,
// coercions and transforms). Responses have no transforms, so input = output,
// and their z.object()s stay open: clients must tolerate new response fields.
// queryInteger (request-fields.ts) documents a digits-only string as the integer it is; the
// regex that reads it is not part of the contract, so no integer carries a string pattern.
const JSON_SCHEMA_OPTIONS = {
  target: 'draft-2020-12',
  io: 'input',
  unrepresentable: 'throw',
  override: ({ jsonSchema }: { jsonSchema: { type?: unknown; pattern?: unknown } }) => {
    if (jsonSchema.type === 'integer') delete jsonSchema.pattern;
  },
} as const;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, JSON_SCHEMA_OPTIONS);
  return jsonSchema;
}

/**
 * Named request and response schemas, converted together so a schema used
 * twice (Money in Product and Order) becomes one component referenced by $ref.
 */
class SchemaComponents {
  private readonly registry = z.registry<{ id: string }>();
  private readonly names = new Map<string, z.ZodType>();

  /** Registers a schema under a name (once) and returns its $ref. */
  add(name: string, schema: z.ZodType): string {
    const existing = this.names.get(name);
    if (existing && existing !== schema) throw new Error(`two different schemas are named ${name}`);
    const registered = this.registry.get(schema)?.id;
    if (registered && registered !== name) throw new Error(`one schema is named ${registered} and ${name}`);
    if (!existing) {
      this.names.set(name, schema);
      this.registry.add(schema, { id: name });
    }
    return SCHEMA_REF(name);
  }

  toJsonSchemas(): Record<string, JsonSchema> {
    const { schemas } = z.toJSONSchema(this.registry, { ...JSON_SCHEMA_OPTIONS, uri: SCHEMA_REF });
    // Each is emitted as a standalone document ($schema, $id); as components they are plain schemas.
    return Object.fromEntries(
      Object.entries(schemas).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema]),
    );
  }
}
