import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiOverride,
  type ZodOpenApiPathsObject,
} from 'zod-openapi';
import {
  apiOperationOf,
  apiTagOf,
  type ApiOperationDoc,
  type ProblemStatus,
  type Tag,
} from './api-operation.decorator';
import { problemComponents, routeProblem } from './http-responses';
import type { NestRoute } from './nest-routes';
import { moneyJson, problemJson } from './response.schemas';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const TAGS: { name: Tag; description: string }[] = [
  { name: 'Auth', description: 'Sessions: log in, refresh, log out; the token keys (JWKS).' },
  { name: 'Users', description: 'Registration, and user administration.' },
  { name: 'Me', description: "The caller's own profile, addresses and notifications." },
  { name: 'Catalog', description: 'Public product browsing (cache-aside reads, P13).' },
  { name: 'Catalog admin', description: 'Products and stock: role `admin`.' },
  { name: 'Orders', description: 'Idempotent order placement (P05) and the saga status.' },
  { name: 'Lab', description: "Local mode's learning lab: the fault knobs that are on (docs/faults.md)." },
  { name: 'Documentation', description: 'This document and its reference page.' },
];

/**
 * The OpenAPI 3.1 document of these routes, built from the code: method, path,
 * status and access from the controllers' decorators, the rest from each
 * handler's @ApiOperation(): request schemas are the zod schemas the handlers
 * validate with, response schemas the compile-checked views. A route
 * with neither @ApiOperation() nor @ExcludeFromApiDocument() is an error.
 */
export function openApiDocument(routes: readonly NestRoute[], options: { version: string }): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const label = `${route.method.toUpperCase()} ${route.path}`;
    const doc = apiOperationOf(route.controller.prototype[route.handler] as object);
    if (!doc) {
      throw new Error(
        `${label} (${route.controller.name}.${route.handler}) has no @ApiOperation(): document it, ` +
          'or leave it out with @ExcludeFromApiDocument(reason)',
      );
    }
    if ('excludedBecause' in doc) continue;
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${label} is documented twice`);
    item[route.method] = operationObject(doc, route);
  }
  const document = createDocument(
    {
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
        // Shared by name wherever they appear; the other components are named by their `.meta({ id })`.
        schemas: { Problem: problemJson, Money: moneyJson },
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
    },
    { override: schemaAsDocumented },
  );
  return withPlainQueryParameters(document as unknown as OpenApiDocument);
}

function tagOf(route: NestRoute): string {
  const tag = apiTagOf(route.controller);
  if (!tag) throw new Error(`${route.controller.name} has documented routes but no @ApiTag()`);
  return tag;
}

function operationObject(doc: ApiOperationDoc, route: NestRoute): ZodOpenApiOperationObject {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const documented = Object.keys(doc.params ?? {});
  if (pathParams.join() !== documented.join()) {
    throw new Error(`${route.path}: path parameters [${pathParams}] but params documents [${documented}]`);
  }
  return {
    operationId: doc.operationId,
    tags: [tagOf(route)],
    summary: doc.summary,
    ...(describe(doc, route) ? { description: describe(doc, route) } : {}),
    // Who may call it comes from @Public()/@Roles(), the decorators the guard enforces.
    security: route.isPublic ? [] : [{ bearerAuth: [] }],
    ...(route.roles.length > 0 ? { 'x-required-roles': route.roles } : {}),
    ...(doc.params || doc.query
      ? {
          requestParams: {
            ...(doc.params && { path: z.object(doc.params) }),
            ...(doc.query && { query: doc.query }),
          },
        }
      : {}),
    ...(doc.headers ? { parameters: doc.headers } : {}),
    ...(doc.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: doc.body } } } }
      : {}),
    responses: {
      [String(route.status)]: successResponse(doc),
      // Revalidation (RFC 9110 section 13.1.2): whatever carries an ETag answers If-None-Match.
      ...(doc.rawResponse?.headers?.['ETag']
        ? { '304': { description: 'Not Modified: the copy named in `If-None-Match` is current.' } }
        : {}),
      ...errorResponses(doc, route),
    },
  };
}

function describe(doc: ApiOperationDoc, route: NestRoute): string | undefined {
  const access = route.isPublic
    ? 'Public: no token needed.'
    : route.roles.length > 0
      ? `Requires a token with the role: ${route.roles.join(' or ')}.`
      : undefined;
  return [doc.description, access].filter(Boolean).join('\n\n') || undefined;
}

function successResponse({ response, rawResponse }: ApiOperationDoc) {
  if (response) {
    return {
      description: response.description,
      ...(response.headers ? { headers: response.headers } : {}),
      content: { 'application/json': { schema: response.schema } },
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
function errorResponses(doc: ApiOperationDoc, route: NestRoute) {
  // Any request may carry headers past Node's limit (431); 405 is for methods no operation declares.
  const statuses = new Set<ProblemStatus>([429, 431, 500, 503]);
  if (doc.params || doc.query || doc.body || doc.headers) statuses.add(400);
  if (doc.body) statuses.add(413).add(415);
  if (!route.isPublic) statuses.add(401);
  if (route.roles.length > 0) statuses.add(403);
  if (doc.callsServices !== false) statuses.add(504);
  for (const status of Object.keys(doc.errors ?? {})) statuses.add(Number(status) as ProblemStatus);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => [String(status), routeProblem(status, doc.errors?.[status])]),
  );
}

// Requests are documented as clients send them (before defaults, coercions and
// transforms); responses have no transforms, and their z.object()s stay open
// (no `additionalProperties: false`): clients must tolerate new response fields.
// queryInteger (request-fields.ts) documents a digits-only string as the integer it is; the
// regex that reads it is not part of the contract, so no integer carries a string pattern.
function schemaAsDocumented({ jsonSchema, zodSchema, io }: Parameters<ZodOpenApiOverride>[0]): void {
  if (jsonSchema.type === 'integer') delete jsonSchema.pattern;
  const { def } = zodSchema._zod;
  if (io === 'output' && def.type === 'object' && def.catchall === undefined)
    delete jsonSchema.additionalProperties;
}

/** Query parameters say `required: false` outright, and their description once (on the parameter, not its schema). */
function withPlainQueryParameters(document: OpenApiDocument): OpenApiDocument {
  for (const operation of Object.values(document.paths).flatMap((item) => Object.values(item))) {
    const parameters = (operation as { parameters?: QueryParameter[] }).parameters ?? [];
    for (const parameter of parameters.filter((candidate) => candidate.in === 'query')) {
      parameter.required ??= false;
      if (parameter.schema.description === parameter.description) delete parameter.schema.description;
    }
  }
  return document;
}

interface QueryParameter {
  in: string;
  required?: boolean;
  description?: string;
  schema: { description?: string };
}
