import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  MODULE_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC_KEY, ROLES_KEY, type Role } from '../auth';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** A route as Nest registers it, read from the same decorators the router and the auth guard read. */
export interface NestRoute {
  method: HttpMethod;
  /** OpenAPI form: `/v1/orders/{orderId}` for Nest's `v1/orders` + `:orderId`. */
  path: string;
  /** @HttpCode(), else Nest's default: 201 for POST, 200 otherwise. */
  status: number;
  /** @Public() on the handler or the controller, resolved like JwtAuthGuard resolves it. */
  isPublic: boolean;
  roles: Role[];
  controller: Type;
  handler: string;
}

const reflector = new Reflector();

/** The route of one controller method; throws when the method is no route handler. */
export function nestRoute(controller: Type, handler: string): NestRoute {
  const target = controller.prototype[handler] as object | undefined;
  const requestMethod = target && (Reflect.getMetadata(METHOD_METADATA, target) as RequestMethod | undefined);
  if (!target || requestMethod === undefined) {
    throw new Error(`${controller.name}.${handler} is not a route handler (no @Get/@Post/...)`);
  }
  const method = RequestMethod[requestMethod].toLowerCase() as HttpMethod;
  const targets = [target as Type, controller];
  return {
    method,
    path: joinPath(
      Reflect.getMetadata(PATH_METADATA, controller),
      Reflect.getMetadata(PATH_METADATA, target),
    ),
    status:
      (Reflect.getMetadata(HTTP_CODE_METADATA, target) as number | undefined) ??
      (method === 'post' ? 201 : 200),
    isPublic: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) ?? false,
    roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [],
    controller,
    handler,
  };
}

/** Every route of every controller reachable from a module through its imports. */
export const nestRoutes = (root: Type | DynamicModule): NestRoute[] => controllerRoutes(controllersOf(root));

/** Every route of these controllers. */
export function controllerRoutes(controllers: Iterable<Type>): NestRoute[] {
  return [...new Set(controllers)].flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => {
        const member = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        return typeof member === 'function' && Reflect.hasMetadata(METHOD_METADATA, member);
      })
      .map((handler) => nestRoute(controller, handler)),
  );
}

function controllersOf(root: Type | DynamicModule, seen = new Set<unknown>()): Type[] {
  const entry = unwrap(root);
  if (!entry || seen.has(entry)) return [];
  seen.add(entry);
  const { imports, controllers } = moduleParts(entry);
  return [...controllers, ...imports.flatMap((imported) => controllersOf(imported, seen))];
}

function moduleParts(entry: Type | DynamicModule) {
  const dynamic = 'module' in entry ? entry : undefined;
  const module = dynamic?.module ?? (entry as Type);
  const metadata = <T>(key: string): T[] => (Reflect.getMetadata(key, module) as T[] | undefined) ?? [];
  const imports: (Type | DynamicModule)[] = [
    ...metadata<Type | DynamicModule>(MODULE_METADATA.IMPORTS),
    ...((dynamic?.imports ?? []) as (Type | DynamicModule)[]),
  ];
  return {
    imports,
    controllers: [...metadata<Type>(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])],
  };
}

// forwardRef(() => X) wraps a module; Promise imports are not used by the gateway.
function unwrap(entry: unknown): Type | DynamicModule | undefined {
  if (!entry || entry instanceof Promise) return undefined;
  const forward = entry as { forwardRef?: () => Type };
  return typeof forward.forwardRef === 'function' ? forward.forwardRef() : (entry as Type | DynamicModule);
}

function joinPath(...parts: unknown[]): string {
  const segments = parts
    .map((part) => {
      if (Array.isArray(part))
        throw new Error(`one path per controller and handler, not [${part.join(', ')}]`);
      return part;
    })
    .filter((part): part is string => typeof part === 'string')
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .map((segment) => (segment.startsWith(':') ? `{${segment.slice(1)}}` : segment));
  return `/${segments.join('/')}`;
}
