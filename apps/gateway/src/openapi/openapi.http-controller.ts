import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { AppError } from '@shop/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth';
import { ApiDocs, DOCS_CONTENT_SECURITY_POLICY, type StaticAsset } from './api-docs';

/**
 * GET /openapi.json and the reference page at GET /docs: public, like the API
 * they describe is discoverable. Everything is built in memory at start-up;
 * responses are revalidated by ETag (304), the page's assets are immutable.
 */
@Public()
@Controller()
export class OpenApiHttpController {
  constructor(@Inject(ApiDocs) private readonly docs: ApiDocs) {}

  @Get('openapi.json')
  document(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    // no-cache = "revalidate first": a new gateway version is seen at once, an unchanged document costs a 304.
    return send(request, reply, this.docs.document, 'no-cache');
  }

  @Get('docs')
  page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    reply
      .header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer');
    return send(request, reply, this.docs.page, 'no-cache');
  }

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
