import type { OpenApiDocument } from '../openapi-document';

type Json = Record<string, unknown>;
/** Who has to cope with a schema: the gateway reads requests, clients read responses. */
type Direction = 'request' | 'response';

interface Operation {
  label: string; // "GET /v1/orders/{orderId}"
  path: string;
  secured: boolean;
  parameters: Json[];
  requestBody?: Json;
  responses: Record<string, unknown>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];

/**
 * What a client written against the published document (`baseline`) would
 * notice in `current`, one line per breaking change ([] = compatible). The rule
 * is who reads what: the gateway must keep accepting every request it accepted
 * (request schemas may only widen: no new required field, no narrower type, no
 * tighter bound, no enum value less), and clients must keep understanding every
 * response (no status, field, header or media type less; no field that may now
 * be missing, null or of another type). Responses are open objects, so a new
 * response field is fine; a response `enum` is a closed set a client may switch
 * on, so its values neither disappear nor appear (open sets are plain strings
 * with a description, like a notification's `kind`).
 * Schemas are compared as zod emits them (JSON Schema 2020-12: `type` arrays,
 * `anyOf` for nullable objects, `$ref` to components); `allOf`, `not` and
 * `if/then` are not interpreted.
 */
export function breakingChanges(baseline: OpenApiDocument, current: OpenApiDocument): string[] {
  return new CompatibilityCheck(baseline, current).run();
}

class CompatibilityCheck {
  private readonly problems: string[] = [];
  /** $ref pairs being compared: a recursive schema stops at its second visit. */
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly baseline: OpenApiDocument,
    private readonly current: OpenApiDocument,
  ) {}

  run(): string[] {
    const after = operations(this.current);
    const currentPaths = new Set(Object.keys(this.current.paths).map(pathShape));
    for (const path of Object.keys(this.baseline.paths)) {
      if (!currentPaths.has(pathShape(path))) this.problems.push(`${path}: path removed`);
    }
    for (const [key, before] of operations(this.baseline)) {
      const operation = after.get(key);
      if (operation) this.operation(before, operation);
      else if (currentPaths.has(key.slice(key.indexOf(' ') + 1)))
        this.problems.push(`${before.label}: operation removed`);
    }
    return this.problems;
  }

  private operation(before: Operation, after: Operation): void {
    const at = before.label;
    if (!before.secured && after.secured) this.problems.push(`${at}: now requires authentication`);
    this.parameters(before, after);
    this.requestBody(at, before.requestBody, after.requestBody);
    for (const [status, response] of Object.entries(before.responses)) {
      if (!(status in after.responses)) this.problems.push(`${at}: response ${status} removed`);
      else if (status.startsWith('2'))
        this.success(`${at}: response ${status}`, response, after.responses[status]);
    }
  }

  private parameters(before: Operation, after: Operation): void {
    const afterByKey = new Map(after.parameters.map((p) => [parameterKey(p, after.path), p]));
    const beforeKeys = new Set(before.parameters.map((p) => parameterKey(p, before.path)));
    for (const parameter of before.parameters) {
      const label = `${before.label}: ${parameter['in']} parameter "${parameter['name']}"`;
      const next = afterByKey.get(parameterKey(parameter, before.path));
      if (!next) this.problems.push(`${label} removed`);
      else {
        if (!parameter['required'] && next['required']) this.problems.push(`${label} became required`);
        this.schema(parameter['schema'], next['schema'], label, 'request');
      }
    }
    for (const [key, parameter] of afterByKey) {
      if (!beforeKeys.has(key) && parameter['required']) {
        this.problems.push(
          `${before.label}: ${parameter['in']} parameter "${parameter['name']}" added as required`,
        );
      }
    }
  }

  private requestBody(at: string, before: Json | undefined, after: Json | undefined): void {
    if (!before) {
      if (after?.['required']) this.problems.push(`${at}: request body added as required`);
      return;
    }
    if (!after) {
      this.problems.push(`${at}: request body removed`);
      return;
    }
    if (!before['required'] && after['required']) this.problems.push(`${at}: request body became required`);
    const content = (after['content'] ?? {}) as Record<string, Json>;
    for (const [mediaType, media] of Object.entries((before['content'] ?? {}) as Record<string, Json>)) {
      if (!content[mediaType]) this.problems.push(`${at}: request body ${mediaType} no longer accepted`);
      else this.schema(media['schema'], content[mediaType]['schema'], `${at}: request body`, 'request');
    }
  }

  private success(at: string, beforeRef: unknown, afterRef: unknown): void {
    const before = resolve(this.baseline, beforeRef);
    const after = resolve(this.current, afterRef);
    const headers = (after['headers'] ?? {}) as Record<string, Json>;
    for (const [name, header] of Object.entries((before['headers'] ?? {}) as Record<string, Json>)) {
      const next = Object.entries(headers).find(([other]) => other.toLowerCase() === name.toLowerCase())?.[1];
      if (!next) this.problems.push(`${at}: header ${name} removed`);
      else if (resolve(this.baseline, header)['required'] && !resolve(this.current, next)['required'])
        this.problems.push(`${at}: header ${name} no longer always sent`);
    }
    const content = (after['content'] ?? {}) as Record<string, Json>;
    for (const [mediaType, media] of Object.entries((before['content'] ?? {}) as Record<string, Json>)) {
      if (!content[mediaType]) this.problems.push(`${at}: ${mediaType} removed`);
      else this.schema(media['schema'], content[mediaType]['schema'], `${at} body`, 'response');
    }
  }

  /**
   * `to` must cover `from`: for a request every type the old schema accepted must still be
   * accepted (from = before), for a response every type the server may now send must have
   * been possible before (from = after). Matching variants are then compared in depth.
   */
  private schema(beforeRef: unknown, afterRef: unknown, at: string, direction: Direction): void {
    const pair = `${direction} ${refOf(beforeRef)} ${refOf(afterRef)}`;
    if (refOf(beforeRef) && refOf(afterRef)) {
      if (this.inProgress.has(pair)) return;
      this.inProgress.add(pair);
    }
    const before = variants(this.baseline, beforeRef);
    const after = variants(this.current, afterRef);
    const [from, to] = direction === 'request' ? [before, after] : [after, before];
    const compared = new Set<string>();
    for (const [fromIndex, variant] of from.entries()) {
      for (const type of types(variant)) {
        const toIndex = to.findIndex((candidate) => covers(types(candidate), type));
        if (toIndex < 0) {
          this.problems.push(
            direction === 'request'
              ? `${at}: type narrowed, ${type} no longer accepted`
              : `${at}: type changed, may now be ${type}`,
          );
        } else if (!compared.has(`${fromIndex}:${toIndex}`)) {
          compared.add(`${fromIndex}:${toIndex}`);
          const [b, a] = direction === 'request' ? [variant, to[toIndex]] : [to[toIndex], variant];
          this.details(b as Json, a as Json, at, direction);
        }
      }
    }
    this.inProgress.delete(pair);
  }

  private details(before: Json, after: Json, at: string, direction: Direction): void {
    this.enumValues(before, after, at, direction);
    if (direction === 'request') this.bounds(before, after, at);
    else if (before['format'] && after['format'] !== before['format'])
      this.problems.push(
        `${at}: format ${JSON.stringify(before['format'])} became ${JSON.stringify(after['format'] ?? 'none')}`,
      );
    if (before['properties'] || after['properties']) this.properties(before, after, at, direction);
    if (before['items'] && after['items']) this.schema(before['items'], after['items'], `${at}[]`, direction);
  }

  private enumValues(before: Json, after: Json, at: string, direction: Direction): void {
    const [old, next] = [enumOf(before), enumOf(after)];
    if (direction === 'request') {
      if (next && !old) this.problems.push(`${at}: now restricted to ${JSON.stringify(next)}`);
      for (const value of old && next ? old.filter((v) => !includes(next, v)) : [])
        this.problems.push(`${at}: enum value ${JSON.stringify(value)} no longer accepted`);
      return;
    }
    if (old && !next) this.problems.push(`${at}: no longer limited to ${JSON.stringify(old)}`);
    for (const value of old && next ? old.filter((v) => !includes(next, v)) : [])
      this.problems.push(`${at}: enum value ${JSON.stringify(value)} removed`);
    for (const value of old && next ? next.filter((v) => !includes(old, v)) : [])
      this.problems.push(`${at}: enum value ${JSON.stringify(value)} added to a closed set`);
  }

  /** Requests only: a tighter bound, a new pattern or format rejects what was accepted. */
  private bounds(before: Json, after: Json, at: string): void {
    for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
      const [old, next] = [before[key], after[key]];
      if (typeof next !== 'number') continue;
      const tighter = LOWER_BOUNDS.includes(key)
        ? next > Number(old ?? -Infinity)
        : next < Number(old ?? Infinity);
      if (tighter) this.problems.push(`${at}: ${key} tightened to ${next}`);
    }
    for (const key of ['pattern', 'format']) {
      if (after[key] !== undefined && after[key] !== before[key])
        this.problems.push(`${at}: ${key} ${JSON.stringify(after[key])} is new`);
    }
    if (before['additionalProperties'] !== false && after['additionalProperties'] === false)
      this.problems.push(`${at}: unknown properties are now rejected`);
  }

  private properties(before: Json, after: Json, at: string, direction: Direction): void {
    const [oldProps, newProps] = [propertiesOf(before), propertiesOf(after)];
    const [oldRequired, newRequired] = [requiredOf(before), requiredOf(after)];
    for (const [name, schema] of Object.entries(oldProps)) {
      const next = newProps[name];
      if (next === undefined) {
        // A request property may go when unknown ones are ignored; the gateway rejects them (strict objects).
        if (direction === 'response' || after['additionalProperties'] === false)
          this.problems.push(`${at}.${name}: removed`);
        continue;
      }
      if (direction === 'response' && oldRequired.has(name) && !newRequired.has(name))
        this.problems.push(`${at}.${name}: no longer always present`);
      this.schema(schema, next, `${at}.${name}`, direction);
    }
    if (direction === 'request') {
      for (const name of newRequired) {
        if (!oldRequired.has(name))
          this.problems.push(`${at}.${name}: ${name in oldProps ? 'became required' : 'added as required'}`);
      }
    }
  }
}

/** Operations by method and path shape (a renamed path parameter is no change for a client). */
function operations(document: OpenApiDocument): Map<string, Operation> {
  const result = new Map<string, Operation>();
  const documentSecurity = (document['security'] ?? []) as unknown[];
  for (const [path, itemRef] of Object.entries(document.paths)) {
    const item = resolve(document, itemRef);
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = resolve(document, item[method]);
      const parameters = [...asArray(item['parameters']), ...asArray(operation['parameters'])].map((p) =>
        resolve(document, p),
      );
      const byKey = new Map(parameters.map((p) => [parameterKey(p, path), p])); // operation-level wins
      const security = (operation['security'] ?? documentSecurity) as unknown[];
      result.set(`${method.toUpperCase()} ${pathShape(path)}`, {
        label: `${method.toUpperCase()} ${path}`,
        path,
        secured:
          security.length > 0 &&
          !security.some((requirement) => Object.keys(requirement as Json).length === 0),
        parameters: [...byKey.values()],
        ...(operation['requestBody'] ? { requestBody: resolve(document, operation['requestBody']) } : {}),
        responses: (operation['responses'] ?? {}) as Record<string, unknown>,
      });
    }
  }
  return result;
}

const pathShape = (path: string): string => path.replace(/\{[^}]+\}/g, '{}');

/** Path parameters by position, headers case-insensitively, the others by name. */
function parameterKey(parameter: Json, path: string): string {
  const name = String(parameter['name']);
  if (parameter['in'] === 'path') return `path #${path.split('/').indexOf(`{${name}}`)}`;
  return `${String(parameter['in'])} ${parameter['in'] === 'header' ? name.toLowerCase() : name}`;
}

/** Follows `#/...` references (JSON Pointer, RFC 6901). */
function resolve(document: OpenApiDocument, node: unknown): Json {
  let current = node;
  for (let hops = 0; typeof refOf(current) === 'string'; hops += 1) {
    if (hops > 32) throw new Error(`$ref loop at ${refOf(current)}`);
    const ref = refOf(current) as string;
    current = ref
      .slice(2)
      .split('/')
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((parent, key) => (parent as Json | undefined)?.[key], document);
    if (current === undefined) throw new Error(`${ref} does not resolve`);
  }
  return (current ?? {}) as Json;
}

const refOf = (node: unknown): string | undefined =>
  typeof node === 'object' && node !== null && typeof (node as Json)['$ref'] === 'string'
    ? ((node as Json)['$ref'] as string)
    : undefined;

/** The alternatives of a schema: `anyOf`/`oneOf` members, or the schema itself. */
function variants(document: OpenApiDocument, node: unknown): Json[] {
  const schema = resolve(document, node);
  const members = schema['anyOf'] ?? schema['oneOf'];
  return Array.isArray(members) ? members.flatMap((member) => variants(document, member)) : [schema];
}

/** The JSON types a schema allows; 'any' when it does not say (`{}`). */
function types(schema: Json): string[] {
  if (Array.isArray(schema['type'])) return schema['type'] as string[];
  if (typeof schema['type'] === 'string') return [schema['type']];
  const values = enumOf(schema);
  return values ? [...new Set(values.map(jsonType))] : ['any'];
}

const covers = (allowed: string[], type: string): boolean =>
  allowed.includes('any') || allowed.includes(type) || (type === 'integer' && allowed.includes('number'));

const jsonType = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value === 'number'
          ? 'number'
          : typeof value;

const enumOf = (schema: Json): unknown[] | undefined =>
  Array.isArray(schema['enum']) ? schema['enum'] : 'const' in schema ? [schema['const']] : undefined;

const includes = (values: unknown[], value: unknown): boolean =>
  values.some((candidate) => JSON.stringify(candidate) === JSON.stringify(value));

const propertiesOf = (schema: Json): Record<string, unknown> =>
  (schema['properties'] ?? {}) as Record<string, unknown>;
const requiredOf = (schema: Json): Set<string> => new Set((schema['required'] ?? []) as string[]);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
