import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { AppError } from '@shop/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth';
import { ApiDocs, DOCS_CONTENT_SECURITY_POLICY, type StaticAsset } from './api-docs';
import { ApiOperation, ApiTag, ExcludeFromApiDocument } from './api-operation.decorator';
import { HEADERS } from './http-responses';

/**
 * GET /openapi.json and the reference page at GET /docs: public, like the API
 * they describe is discoverable. Everything is built in memory at start-up;
 * responses are revalidated by ETag (304), the page's assets are immutable.
 */
@Public()
@ApiTag('Documentation')
@Controller()
export class OpenApiHttpController {
  constructor(@Inject(ApiDocs) private readonly docs: ApiDocs) {}

  @ApiOperation({
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    callsServices: false,
    rawResponse: {
      mediaType: 'application/json',
      schema: { type: 'object', description: 'An OpenAPI 3.1 document.' },
      description: 'The document; revalidate with `If-None-Match` (304 when unchanged).',
      headers: { ETag: HEADERS.etag },
    },
  })
  @Get('openapi.json')
  document(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // no-cache = "revalidate first": a new gateway version is seen at once, an unchanged document costs a 304.
    return send(request, reply, this.docs.document, 'no-cache');
  }

  @ApiOperation({
    operationId: 'getDocsPage',
    summary: 'The API reference page (Swagger UI, served by the gateway)',
    callsServices: false,
    rawResponse: {
      mediaType: 'text/html',
      schema: { type: 'string' },
      description: 'An HTML page rendering this document.',
      headers: {
        ETag: HEADERS.etag,
        'Content-Security-Policy': {
          description: 'Scripts, styles and requests from this gateway only; no framing.',
          schema: { type: 'string' },
        },
      },
    },
  })
  @Get('docs')
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    reply
      .header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer');
    return send(request, reply, this.docs.page, 'no-cache');
  }

  @ExcludeFromApiDocument('static files of the docs page (scripts, styles), not part of the API')
  @Get('docs/assets/:file')
  asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // A fixed set of names held in memory: no path is ever built from the URL (no traversal).
    const asset = this.docs.asset(file);
    if (!asset) throw AppError.notFound('DOCS.ASSET_NOT_FOUND', 'No such documentation asset.');
    // The page links each asset with its content hash (?v=): a cached copy is never stale.
    return send(request, reply, asset, 'public, max-age=31536000, immutable');
  }
}

function send(request: FastifyRequest, reply: FastifyReply, asset: StaticAsset, cacheControl: string) {
  reply
    .header('cache-control', cacheControl)
    .header('etag', asset.etag)
    .header('x-content-type-options', 'nosniff');
  if (matches(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
  return reply.status(200).type(asset.contentType).send(asset.body);
}

/** If-None-Match (RFC 9110 section 13.1.2): weak comparison, `*` matches. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate === etag || candidate === `W/${etag}`;
  });
}
