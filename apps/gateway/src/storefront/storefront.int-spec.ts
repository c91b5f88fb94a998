import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';

// The gateway serving a storefront build (STOREFRONT_DIR) at `/`, booted as main.ts boots it.
const PORTS = { userGrpc: 22910, userAdmin: 22911, http: 22912, admin: 22913, closed: 22999 };
const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';

describe('gateway: the storefront at / (STOREFRONT_DIR)', () => {
  let gateway: GatewayUnderTest;
  let build: string;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'storefront-it-'));
    mkdirSync(join(build, 'assets'));
    writeFileSync(join(build, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log("shop")');
    gateway = await startGateway({ ports: PORTS, env: { STOREFRONT_DIR: build } });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(build, { recursive: true, force: true });
  });

  it('/ is the page, with its Content-Security-Policy, revalidated on every visit', async () => {
    const res = await gateway.http().get('/').set('accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('a hashed asset is served and cached for good', async () => {
    const res = await gateway.http().get('/assets/index-abc123.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('a client-side route (a reload on /orders/42) gets index.html', async () => {
    const res = await gateway.http().get('/orders/42').set('accept', HTML).expect(200);
    expect(res.text).toContain('<div id="root">');
  });

  it('never shadows the API: an unknown /v1 path is still a problem+json 404, even asking for HTML', async () => {
    const res = await gateway.http().get('/v1/no-such-thing').set('accept', HTML).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('/openapi.json and /docs stay the API documentation', async () => {
    const document = await gateway.http().get('/openapi.json').set('accept', HTML).expect(200);
    expect(document.body).toMatchObject({ openapi: expect.any(String) });
    const docs = await gateway.http().get('/docs').set('accept', HTML);
    expect(docs.text).not.toContain('<div id="root">');
  });

  it('a missing asset is a 404, not the page; an unknown path keeps its 404 for other methods', async () => {
    await gateway.http().get('/assets/index-gone.js').set('accept', HTML).expect(404);
    await gateway.http().delete('/orders/42').expect(404);
  });
});
