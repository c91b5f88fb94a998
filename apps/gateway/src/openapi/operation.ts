import type { Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

// One documented route. The method, path, success status, @Public() and
// @Roles() are NOT written here: the document builder reads them from the
// controller's own decorators (nest-routes.ts). What is written here is checked
// by the compiler against the controller (the response schema) or is the very
// zod schema the handler validates with (params, query, body): P15, no second
// description of the API that can drift from the code.

export type Tag = 'Auth' | 'Users' | 'Me' | 'Catalog' | 'Catalog admin' | 'Orders' | 'Documentation';

/** The error statuses the gateway answers with problem+json (RFC 9457), P17. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 431 | 500 | 503 | 504;

/** A route's own cause of an error status; `retryAfter` when that answer always carries `Retry-After`. */
export type RouteProblem = string | { readonly description: string; readonly retryAfter: true };

export type JsonSchema = Record<string, unknown>;

export interface HeaderObject {
  description: string;
  required?: boolean;
  schema: JsonSchema;
}

/** A request header parameter, e.g. Idempotency-Key. */
export interface HeaderParameter extends HeaderObject {
  name: string;
  in: 'header';
}

export interface NamedSchema {
  /** Its name under components.schemas. */
  name: string;
  schema: z.ZodType;
}

interface ResponseDoc {
  description: string;
  headers?: Record<string, HeaderObject>;
}

export interface OperationDefinition<C, K extends HandlerName<C>, R extends z.ZodType> {
  controller: Type<C>;
  handler: K;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Path parameters: the schemas the handler passes to parseRequest. */
  params?: Record<string, z.ZodType>;
  /** The handler's query schema: each property becomes a query parameter. */
  query?: z.ZodObject;
  headers?: HeaderParameter[];
  body?: NamedSchema;
  /** The JSON the handler returns; its type must match the handler's return type (checked at compile time). */
  response?: ResponseDoc & { name: string; schema: R };
  /** For handlers that write the reply themselves (@Res()): what they send. */
  rawResponse?: ResponseDoc & { mediaType: string; schema: JsonSchema };
  /** Route-specific errors, or a better description of an automatic one. */
  errors?: Partial<Record<ProblemStatus, RouteProblem>>;
  /** False for routes that call no service over gRPC: no 504. */
  callsServices?: boolean;
}

/** A declared operation, its compile-time checks done. */
export type AnyOperation = Omit<OperationDefinition<unknown, never, z.ZodType>, 'controller' | 'handler'> & {
  controller: Type;
  handler: string;
};

/**
 * Declares a documented route. The response schema must describe exactly what
 * the handler returns: a field the handler serves but the schema does not
 * document, a type that differs, or a documented required field the handler
 * never sets is a compile error on this call.
 */
export function operation<C, K extends HandlerName<C>, R extends z.ZodType = never>(
  definition: OperationDefinition<C, K, R> & ResponseCheck<C, K, R>,
): AnyOperation {
  return definition as unknown as AnyOperation;
}

type Fn = (...args: never[]) => unknown;

/** The route handlers of a controller: its methods. */
export type HandlerName<C> = { [K in keyof C & string]: C[K] extends Fn ? K : never }[keyof C & string];

/** What a handler serves: its resolved return value (Nest sends `undefined` as an empty body). */
// (FastifyReply is thenable: Awaited<> of a @Res() handler is meaningless, ResponseCheck tests it first.)
export type Served<C, K extends keyof C> = C[K] extends Fn
  ? Exclude<Awaited<ReturnType<C[K]>>, undefined>
  : never;

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

type ResponseCheck<C, K extends keyof C, R> = C[K] extends (...args: never[]) => FastifyReply
  ? { rawResponse: unknown } // @Res(): the handler sends the reply itself, described by rawResponse
  : [R] extends [never]
    ? [Served<C, K>] extends [void]
      ? unknown
      : { response: 'missing: the handler returns a body' }
    : [ResponseMismatch<Served<C, K>, z.output<R>>] extends [never]
      ? unknown
      : { response: { schema: ResponseMismatch<Served<C, K>, z.output<R>> } };
