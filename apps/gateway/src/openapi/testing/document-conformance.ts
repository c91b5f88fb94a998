import { Ajv2020 } from 'ajv/dist/2020';
import type { OpenApiDocument } from '../openapi-document';

interface ResponseObject {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: Record<string, unknown> }>;
}

interface OperationObject {
  responses: Record<string, ResponseObject | { $ref: string }>;
}

/** A response as a test saw it. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/**
 * Checks real responses against the document: the status is documented for
 * the operation, the content type and required headers are there, and the
 * body validates against the documented JSON Schema (Ajv, draft 2020-12, strict).
 */
export class DocumentConformance {
  private readonly ajv = new Ajv2020({
    strict: true,
    allowUnionTypes: true, // `type: ["string", "null"]` is how 2020-12 says nullable
    allErrors: true,
    formats: {
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/,
      'uri-reference': true,
      // The document's email fields also carry zod's pattern, which is the check that matters.
      email: true,
    },
  });

  constructor(private readonly document: OpenApiDocument) {
    // Component refs (#/components/schemas/X) are relative to the document, which is no JSON
    // Schema itself: the components are compiled as one schema resource with $defs instead.
    const components = (document['components'] as { schemas: Record<string, unknown> }).schemas;
    this.ajv.addSchema({ $id: 'components', $defs: rewriteRefs(components) });
  }

  /** Compiles every component schema: throws on anything that is not valid JSON Schema 2020-12. */
  compileAll(): string[] {
    const names = Object.keys((this.document['components'] as { schemas: object }).schemas);
    for (const name of names) this.ajv.compile({ $ref: `components#/$defs/${name}` });
    return names;
  }

  /** What is wrong with a response of `METHOD /path/{template}`; empty when it conforms. */
  violations(method: string, pathTemplate: string, response: ObservedResponse): string[] {
    const operation = this.document.paths[pathTemplate]?.[method.toLowerCase()] as
      OperationObject | undefined;
    if (!operation) return [`${method} ${pathTemplate} is not documented`];
    const documented = operation.responses[String(response.status)];
    if (!documented) return [`status ${response.status} is not documented for ${method} ${pathTemplate}`];
    const spec = this.resolve(documented);
    const problems: string[] = [];
    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      if (header.required && response.headers[name.toLowerCase()] === undefined) {
        problems.push(`required header ${name} is missing`);
      }
    }
    if (!spec.content) return problems;
    const contentType =
      String(response.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim() ?? '';
    const media = spec.content[contentType];
    if (!media) return [...problems, `content type ${contentType} is not documented`];
    const validate = this.ajv.compile(rewriteRefs(media.schema));
    if (!validate(response.body)) {
      problems.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ''}`));
    }
    return problems;
  }

  private resolve(node: ResponseObject | { $ref: string }): ResponseObject {
    if (!('$ref' in node)) return node;
    return node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], this.document) as ResponseObject;
  }
}

function rewriteRefs<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"components#/$defs/')) as T;
}
