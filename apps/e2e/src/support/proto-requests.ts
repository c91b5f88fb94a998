import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import fc from 'fast-check';

/**
 * Requests generated from a service's .proto, as any caller could send them: every field of
 * the right wire type, but with values no handler expects (empty, huge, NUL, not a UUID, the
 * extremes of int64, unknown enum numbers, hundreds of list items). The wire format itself is
 * always valid: a message protobuf cannot decode is grpc-js's business, not the service's.
 *
 * fast-check (https://fast-check.dev) generates and shrinks them: a failure prints the smallest
 * request that still fails and the seed that reproduces it.
 */

// Field names as written in the .proto (keepCase): the descriptor and the object sent agree.
// int64 as strings, so values beyond 2^53 reach the server exactly as a caller sends them.
const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: false };

interface FieldDescriptor {
  name: string;
  type: string;
  label: string;
  typeName?: string;
  proto3Optional?: boolean;
}

export interface StringField {
  path: string;
  /** A request with only this field set (inside one-item lists where a field repeats). */
  requestWith(text: string): Record<string, unknown>;
}

interface RpcMethod {
  /** As in the .proto, e.g. `RegisterUser`. */
  name: string;
  request: fc.Arbitrary<Record<string, unknown>>;
  /** Every string field the request type can carry, e.g. `price.currency`. */
  stringFields: StringField[];
}

export interface ProtoService {
  methods: RpcMethod[];
  connect(url: string): grpc.Client;
}

/** Loads `package.Service` from a proto file: its unary methods, each with a request generator. */
export function loadProtoService(protoPath: string, packageName: string, serviceName: string): ProtoService {
  const definition = protoLoader.loadSync(protoPath, LOADER_OPTIONS);
  const types = { definition, packageName };
  const service = definition[`${packageName}.${serviceName}`] as protoLoader.ServiceDefinition;
  const methods = Object.entries(service)
    .filter(([, method]) => !method.requestStream && !method.responseStream)
    .map(([name, method]) => {
      const requestType = method.requestType.type as { field: FieldDescriptor[] };
      return {
        name,
        request: messageArbitrary(types, requestType.field, 0),
        stringFields: stringFields(types, requestType.field, 0),
      };
    });
  const Client = [...packageName.split('.'), serviceName].reduce<unknown>(
    (node, part) => (node as Record<string, unknown>)[part],
    grpc.loadPackageDefinition(definition),
  ) as grpc.ServiceClientConstructor;
  return { methods, connect: (url) => new Client(url, grpc.credentials.createInsecure()) };
}

/** Calls one unary method and resolves with its status, whatever it is. */
export function callForStatus(
  client: grpc.Client,
  method: string,
  request: Record<string, unknown>,
  deadlineMs: number,
): Promise<{ code: grpc.status; details: string }> {
  const invoke = (client as unknown as Record<string, grpc.requestCallback<unknown> | undefined>)[method];
  return new Promise((resolve) => {
    (invoke as unknown as (...args: unknown[]) => void).call(
      client,
      request,
      { deadline: Date.now() + deadlineMs },
      (error: grpc.ServiceError | null) =>
        resolve(error ? { code: error.code, details: error.details } : { code: grpc.status.OK, details: '' }),
    );
  });
}

// Depth cap: the protos nest at most two levels; this bounds recursion if one ever self-references.
const MAX_DEPTH = 3;

function messageArbitrary(
  types: ProtoTypes,
  fields: FieldDescriptor[],
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const shape = Object.fromEntries(
    fields.map((field) => [field.name, fieldArbitrary(types, field, depth)] as const),
  );
  // Any subset of fields may be absent: a caller need not set what it does not know.
  return fc.record(shape, { requiredKeys: [] });
}

function fieldArbitrary(types: ProtoTypes, field: FieldDescriptor, depth: number): fc.Arbitrary<unknown> {
  const single = scalarArbitrary(types, field, depth);
  if (field.label !== 'LABEL_REPEATED') return single;
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(single, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(single, { minLength: 101, maxLength: 300 }) },
  );
}

function scalarArbitrary(types: ProtoTypes, field: FieldDescriptor, depth: number): fc.Arbitrary<unknown> {
  switch (field.type) {
    case 'TYPE_STRING':
      return hostileString;
    case 'TYPE_BOOL':
      return fc.boolean();
    case 'TYPE_INT32':
    case 'TYPE_SINT32':
    case 'TYPE_SFIXED32':
      return fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
    case 'TYPE_INT64':
    case 'TYPE_SINT64':
    case 'TYPE_SFIXED64':
      return fc.oneof(
        fc.constantFrom('0', '-1', '1', '9007199254740993', '9223372036854775807', '-9223372036854775808'),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
      );
    case 'TYPE_ENUM': {
      const enumType = lookup(types, field).type as { value: { name: string; number: number }[] };
      return fc.oneof(
        fc.constantFrom(...enumType.value.map((value) => value.name)),
        fc.integer({ min: -3, max: 99 }),
      );
    }
    case 'TYPE_MESSAGE': {
      if (depth >= MAX_DEPTH) return fc.constant(undefined);
      const messageType = lookup(types, field).type as { field: FieldDescriptor[] };
      return messageArbitrary(types, messageType.field, depth + 1);
    }
    default:
      // Fail loudly rather than send nothing: a new field type needs a generator here.
      throw new Error(`no generator for proto field ${field.name} of ${field.type}`);
  }
}

/** Strings that broke real services: empty, blank, NUL, not a UUID, very long, odd Unicode. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    "'; DROP TABLE users; --",
    '%',
    '\\',
    '💥'.repeat(64),
    'x'.repeat(70_000),
  ),
  fc.uuid(),
  fc.emailAddress(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
);

function stringFields(types: ProtoTypes, fields: FieldDescriptor[], depth: number): StringField[] {
  return fields.flatMap((field) => {
    const wrap = (value: unknown) => ({ [field.name]: field.label === 'LABEL_REPEATED' ? [value] : value });
    if (field.type === 'TYPE_STRING') {
      return [{ path: field.name, requestWith: (text: string) => wrap(text) }];
    }
    if (field.type !== 'TYPE_MESSAGE' || depth >= MAX_DEPTH) return [];
    const messageType = lookup(types, field).type as { field: FieldDescriptor[] };
    return stringFields(types, messageType.field, depth + 1).map((inner) => ({
      path: `${field.name}.${inner.path}`,
      requestWith: (text: string) => wrap(inner.requestWith(text)),
    }));
  });
}

/** The package definition, and the package that relative type names in it belong to. */
interface ProtoTypes {
  definition: protoLoader.PackageDefinition;
  packageName: string;
}

function lookup({ definition, packageName }: ProtoTypes, field: FieldDescriptor) {
  // A type name is fully qualified (`.shop.v1.Money`) or relative to the field's package.
  const name = (field.typeName ?? '').replace(/^\./, '');
  const type = (definition[`${packageName}.${name}`] ?? definition[name]) as
    protoLoader.MessageTypeDefinition<unknown, unknown> | protoLoader.EnumTypeDefinition | undefined;
  if (!type) throw new Error(`proto type ${name} of field ${field.name} is not in the package definition`);
  return type;
}
