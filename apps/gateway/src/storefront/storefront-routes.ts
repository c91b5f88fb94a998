/**
 * Which requests the storefront's SPA fallback answers with index.html: a GET
 * or HEAD that matched no route, asks for an HTML page, outside every path the
 * API owns, and names no file (a missing /assets/x.js stays a 404). So a client-side
 * route (/orders/42) reloads fine, and the fallback never shadows /v1,
 * /openapi.json or /docs: an unknown API path keeps its problem+json 404.
 */
export const API_PATH_PREFIXES = ['/v1', '/openapi.json', '/docs'] as const;

export function isStorefrontPage(method: string, path: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (API_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  if (/\.[A-Za-z0-9]+$/.test(path)) return false;
  return (accept ?? '').includes('text/html');
}

/**
 * The storefront's policy: its bundle, styles and calls from this origin only,
 * nothing inline (the build has no inline script, the pages no inline style),
 * no framing. The Jaeger link is a navigation, which CSP does not restrict.
 */
export const STOREFRONT_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
