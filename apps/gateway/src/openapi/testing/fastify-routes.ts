import type { FastifyInstance } from 'fastify';
import { routeKey, type RouteKey } from '../route-coverage';

/**
 * The routes a live Fastify instance serves, read from its route table
 * (`printRoutes`, a tree: each line a path segment under its parent, with its
 * methods). HEAD routes Fastify adds for every GET are left out.
 */
export function fastifyRoutes(fastify: FastifyInstance): RouteKey[] {
  const parents: string[] = [];
  const routes: RouteKey[] = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*?)([^│├└─\s].*?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const [, indent = '', segment = '', methods = ''] = match;
    const depth = Math.max(0, [...indent].length / 4 - 1);
    parents.length = depth;
    parents.push(segment);
    const path = parents.join('').replace(/:(\w+)/g, '{$1}');
    const served = methods.split(', ').filter(Boolean);
    for (const method of served) {
      if (method === 'HEAD' && served.includes('GET')) continue;
      routes.push(routeKey(method, path));
    }
  }
  return routes;
}
