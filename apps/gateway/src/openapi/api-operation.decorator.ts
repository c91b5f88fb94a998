import { SetMetadata } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { oas31 } from 'zod-openapi';

// A route's own documentation, written on the handler it documents. What is
// written here is checked by the compiler against the handler (the response
// schema) or is the very zod schema the handler validates with (params, query,
// body): no second description of the API that can drift from the code.

export type Tag = 'Auth' | 'Users' | 'Me' | 'Catalog' | 'Catalog admin' | 'Orders' | 'Lab' | 'Documentation';

/** The error statuses the gateway answers with problem+json (RFC 9457). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 431 | 500 | 503 | 504;

/** A route's own cause of an error status; `retryAfter` when that answer always carries `Retry-After`. */
export type RouteProblem = string | { readonly description: string; readonly retryAfter: true };

export type JsonSchema = Record<string, unknown>;

export type HeaderObject = oas31.HeaderObject;

/** A request header parameter, e.g. Idempotency-Key. */
export type HeaderParameter = oas31.ParameterObject & { in: 'header' };

interface ResponseDoc {
  description: string;
  headers?: Record<string, HeaderObject>;
}

/**
 * What a route's decorators do not already say about it. Schemas that become
 * components carry their name as `.meta({ id })`.
 */
export interface ApiOperationDoc {
  operationId: string;
  summary: string;
  description?: string;
  /** Path parameters: the schemas the handler passes to parseRequest. */
  params?: Record<string, z.ZodType>;
  /** The handler's query schema: each property becomes a query parameter. */
  query?: z.ZodObject;
  headers?: HeaderParameter[];
  body?: z.ZodType;
  /** The JSON the handler returns; its type must match the handler's return type (checked at compile time). */
  response?: ResponseDoc & { schema: z.ZodType };
  /** For handlers that write the reply themselves (@Res()): what they send. */
  rawResponse?: ResponseDoc & { mediaType: string; schema: JsonSchema };
  /** Route-specific errors, or a better description of an automatic one. */
  errors?: Partial<Record<ProblemStatus, RouteProblem>>;
  /** False for routes that call no service over gRPC: no 504. */
  callsServices?: boolean;
}

const API_OPERATION = 'openapi:operation';
const API_TAG = 'openapi:tag';
const EXCLUDED_BECAUSE = 'openapi:excluded-because';

/**
 * Documents the route it decorates (its method, path, status, @Public() and
 * @Roles() are read from Nest's own decorators). The response schema must
 * describe exactly what the handler returns: a field the handler serves but
 * the schema does not document, a type that differs, or a documented required
 * field the handler never sets is a compile error on this decorator.
 */
export function ApiOperation<D extends ApiOperationDoc>(doc: D) {
  return <F extends Fn>(
    target: object,
    handler: string | symbol,
    descriptor: TypedPropertyDescriptor<F> & ResponseCheck<F, D>,
  ): void => {
    SetMetadata(API_OPERATION, doc)(target, handler, descriptor);
  };
}

/** The group every documented route of a controller is listed under. */
export const ApiTag = (tag: Tag) => SetMetadata(API_TAG, tag);

export const apiTagOf = (controller: object): Tag | undefined =>
  Reflect.getMetadata(API_TAG, controller) as Tag | undefined;

/** Leaves a route out of the document, for the reason given (only a route that is no part of the API). */
export const ExcludeFromApiDocument = (reason: string) => SetMetadata(EXCLUDED_BECAUSE, reason);

/** A handler's documentation, or why it has none; undefined when it has neither (a build error). */
export function apiOperationOf(handler: object): ApiOperationDoc | { excludedBecause: string } | undefined {
  const excludedBecause = Reflect.getMetadata(EXCLUDED_BECAUSE, handler) as string | undefined;
  if (excludedBecause) return { excludedBecause };
  return Reflect.getMetadata(API_OPERATION, handler) as ApiOperationDoc | undefined;
}

type Fn = (...args: never[]) => unknown;

/** What a handler serves: its resolved return value (Nest sends `undefined` as an empty body). */
// (FastifyReply is thenable: Awaited<> of a @Res() handler is meaningless, ResponseCheck tests it first.)
export type Served<F extends Fn> = Exclude<Awaited<ReturnType<F>>, undefined>;

/**
 * ts-proto types every message field `X | undefined`, but the services always
 * set them: the check treats such fields as present, as the document does.
 */
type Present<T> = T extends Primitive
  ? T
  : T extends readonly (infer E)[]
    ? Present<Exclude<E, undefined>>[]
    : T extends object
      ? { [K in keyof T]-?: Present<Exclude<T[K], undefined>> }
      : T;

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** Paths of fields the handler serves that the schema does not document (`lines[].unitPrice`). */
type Undocumented<S, D, Path extends string = ''> = S extends Primitive
  ? never
  : S extends readonly (infer SE)[]
    ? D extends readonly (infer DE)[]
      ? Undocumented<SE, DE, `${Path}[]`>
      : never
    : S extends object
      ? D extends object
        ? | `${Dot<Path>}${Exclude<keyof S, keyof D> & string}`
          | {
              [K in keyof S & keyof D & string]: Undocumented<S[K], NonNullable<D[K]>, `${Dot<Path>}${K}`>;
            }[keyof S & keyof D & string]
        : never
      : never;

type Dot<Path extends string> = Path extends '' ? '' : `${Path}.`;

export type ResponseMismatch<S, D> = [Present<S>] extends [D]
  ? [Undocumented<S, D>] extends [never]
    ? never
    : `the handler serves undocumented fields: ${Undocumented<S, D>}`
  : 'the handler returns a type the response schema does not describe';

type ResponseCheck<F extends Fn, D extends ApiOperationDoc> = F extends (
  ...args: never[]
) => FastifyReply | Promise<FastifyReply>
  ? D extends { rawResponse: object }
    ? unknown // @Res(): the handler sends the reply itself, described by rawResponse
    : { rawResponse: 'missing: the handler sends the reply itself' }
  : D extends { response: { schema: infer R extends z.ZodType } }
    ? [ResponseMismatch<Served<F>, z.output<R>>] extends [never]
      ? unknown
      : { response: ResponseMismatch<Served<F>, z.output<R>> }
    : [Served<F>] extends [void]
      ? unknown
      : { response: 'missing: the handler returns a body' };
