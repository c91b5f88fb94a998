import { isStorefrontPage } from './storefront-routes';

const html = 'text/html,application/xhtml+xml,*/*;q=0.8';

describe('isStorefrontPage: the SPA fallback never shadows the API', () => {
  it.each(['/', '/orders', '/orders/3f2a', '/products/abc', '/checkout'])(
    '%s from a browser: the page',
    (path) => {
      expect(isStorefrontPage('GET', path, html)).toBe(true);
      expect(isStorefrontPage('HEAD', path, html)).toBe(true);
    },
  );

  it.each(['/v1', '/v1/nothing', '/v1/orders/x/unknown', '/openapi.json', '/docs', '/docs/x'])(
    '%s: never the page, even asking for HTML (the API answers its own 404)',
    (path) => expect(isStorefrontPage('GET', path, html)).toBe(false),
  );

  it('a missing file, another method or a client that does not ask for HTML: no page', () => {
    expect(isStorefrontPage('GET', '/assets/index-old.js', html)).toBe(false);
    expect(isStorefrontPage('POST', '/orders', html)).toBe(false);
    expect(isStorefrontPage('GET', '/orders', 'application/json')).toBe(false);
    expect(isStorefrontPage('GET', '/orders', undefined)).toBe(false);
  });

  it('a path that only starts like an API path is a page: /v1 is a prefix of segments, not of text', () => {
    expect(isStorefrontPage('GET', '/v10-sale', html)).toBe(true);
    expect(isStorefrontPage('GET', '/docs-and-more', html)).toBe(true);
  });
});
