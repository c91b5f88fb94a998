import { check } from 'k6';
import { jsonOf, send } from './http.ts';
import { pick, uuid, weighted } from './random.ts';
import type { ShopData } from './seed.ts';

interface ProductJson {
  productId: string;
  sku: string;
  name: string;
  price: { amountMinor: number; currency: string };
}
interface PageJson {
  items: ProductJson[];
  nextCursor: string | null;
}

// Browsing and searching, one request per iteration, in a realistic mix. The hot products are
// served from inventory's Redis cache (hits); unknown ids go to the database once and are then
// answered by the negative cache; list and search pages are never cached (index-backed
// queries). Each request is tagged with its `flow` (a bounded set) to compare them in the report.
const SEARCH_TERMS = ['load', 'product', 'book', 'bag', 'P00', 'zzz-no-match'];

export async function browse(data: ShopData): Promise<void> {
  const flow = weighted({ 'product-hot': 55, 'product-unknown': 10, list: 15, search: 10, 'by-sku': 10 });
  const product = pick(data.products);
  const tags = { flow };
  if (flow === 'product-hot') {
    const res = await send({
      method: 'GET',
      path: `/v1/products/${product.productId}`,
      route: '/v1/products/:productId',
      tags,
    });
    const body = jsonOf<ProductJson>(res);
    check(
      res,
      {
        'product: 200 with its id and a price': (r) =>
          r.status === 200 &&
          body?.productId === product.productId &&
          Number.isInteger(body.price.amountMinor),
      },
      tags,
    );
  } else if (flow === 'product-unknown') {
    const res = await send({
      method: 'GET',
      path: `/v1/products/${uuid()}`,
      route: '/v1/products/:productId',
      expected: [404],
      tags,
    });
    check(
      res,
      {
        'unknown product: 404 problem+json INVENTORY.PRODUCT_NOT_FOUND': (r) =>
          r.status === 404 && jsonOf<{ code?: string }>(r)?.code === 'INVENTORY.PRODUCT_NOT_FOUND',
      },
      tags,
    );
  } else if (flow === 'list') {
    const res = await send({
      method: 'GET',
      path: '/v1/products?active=true&limit=20',
      route: '/v1/products',
      tags,
    });
    const page = jsonOf<PageJson>(res);
    check(
      res,
      {
        'list: 200 with at most 20 products': (r) =>
          r.status === 200 && Array.isArray(page?.items) && page.items.length > 0 && page.items.length <= 20,
      },
      tags,
    );
  } else if (flow === 'search') {
    const term = pick(SEARCH_TERMS);
    const res = await send({
      method: 'GET',
      path: `/v1/products?q=${encodeURIComponent(term)}&limit=10`,
      route: '/v1/products',
      tags,
    });
    const page = jsonOf<PageJson>(res);
    const matches = (p: ProductJson) => `${p.name} ${p.sku}`.toLowerCase().includes(term.toLowerCase());
    check(
      res,
      {
        'search: 200 and every item matches the term': (r) =>
          r.status === 200 && Array.isArray(page?.items) && page.items.every(matches),
      },
      tags,
    );
  } else {
    const res = await send({
      method: 'GET',
      path: `/v1/products/by-sku/${product.sku}`,
      route: '/v1/products/by-sku/:sku',
      tags,
    });
    check(
      res,
      { 'by sku: 200 with that sku': (r) => r.status === 200 && jsonOf<ProductJson>(r)?.sku === product.sku },
      tags,
    );
  }
}
