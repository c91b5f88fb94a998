import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OpenApiDocument } from './openapi-builder';

/** A response body held in memory with its validator (strong ETag of the bytes). */
export interface StaticAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

// Swagger UI (swagger-ui-dist, pinned) rather than Redoc: it has "Try it out"
// with the bearer token, so a learner can call the API from the page, and it
// runs under a strict CSP (scripts and styles only from this origin, no eval,
// nothing inline) where Redoc's styled-components inject inline <style>. Its
// files are served by the gateway itself: the page works offline.
const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/**
 * The page's policy: scripts and styles from this origin only (the bundle and
 * docs-init.js, never inline; Swagger UI's BaseLayout renders, highlights and
 * runs "Try it out" without a violation, checked in headless Chromium),
 * `data:` images (the stylesheet's icons), `connect-src 'self'`: "Try it out"
 * calls this gateway only. No framing (clickjacking), no <base> or form hijacking.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Config in a file, not inline: the CSP allows no inline script. BaseLayout
// has no URL bar, and queryConfigEnabled stays off, so the page renders this
// gateway's document only: a `?url=` or `?configUrl=` cannot make it load
// another one (Swagger UI's known XSS vector). validatorUrl null: no call to
// the public validator (offline, and no document leaves the network).
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', document.baseURI).href,
    dom_id: '#swagger-ui',
    layout: 'BaseLayout',
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    queryConfigEnabled: false,
    validatorUrl: null,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
  });
});
`;

/** The document, the page and its assets, loaded once at start-up (a missing file fails the start). */
export class ApiDocs {
  private constructor(
    readonly document: StaticAsset,
    readonly page: StaticAsset,
    private readonly assets: ReadonlyMap<string, StaticAsset>,
  ) {}

  static async load(document: OpenApiDocument): Promise<ApiDocs> {
    const root = dirname(require.resolve('swagger-ui-dist/package.json'));
    const assets = new Map<string, StaticAsset>(
      await Promise.all(
        Object.entries(SWAGGER_UI_FILES).map(
          async ([name, type]) => [name, asset(await readFile(join(root, name)), type)] as const,
        ),
      ),
    );
    assets.set('docs-init.js', asset(INIT_SCRIPT, 'text/javascript; charset=utf-8'));
    return new ApiDocs(
      asset(JSON.stringify(document), 'application/json; charset=utf-8'),
      asset(
        pageHtml(String((document['info'] as { title: string }).title), assets),
        'text/html; charset=utf-8',
      ),
      assets,
    );
  }

  asset(name: string): StaticAsset | undefined {
    return this.assets.get(name);
  }
}

function asset(content: Buffer | string, contentType: string): StaticAsset {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return {
    body,
    contentType,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

// Asset URLs carry their content hash, so they can be cached as immutable and
// a new gateway version is never mixed with an old cached bundle. Relative
// URLs: the page also works behind a path prefix.
function pageHtml(title: string, assets: ReadonlyMap<string, StaticAsset>): string {
  const url = (name: string) => {
    const file = assets.get(name);
    if (!file) throw new Error(`docs asset ${name} is not loaded`);
    return `docs/assets/${name}?v=${file.etag.slice(1, 13)}`;
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <link rel="stylesheet" href="${url('swagger-ui.css')}" />
    <link rel="icon" type="image/png" href="${url('favicon-32x32.png')}" />
  </head>
  <body>
    <div id="swagger-ui"><noscript>The API reference needs JavaScript; the document is at <a href="openapi.json">openapi.json</a>.</noscript></div>
    <script src="${url('swagger-ui-bundle.js')}"></script>
    <script src="${url('docs-init.js')}"></script>
  </body>
</html>
`;
}
