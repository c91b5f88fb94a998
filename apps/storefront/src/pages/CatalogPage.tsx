import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Page, Product } from '../api/api-types';
import { listProducts } from '../api/shop-api';
import { formatMoney } from '../components/format';
import { FieldError, ProblemMessage } from '../components/ProblemMessage';

/** Browse and search the catalog (GET /v1/products?q=), one keyset page after another. */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [products, setProducts] = useState<Product[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (cursor?: string) => {
    setError(null);
    try {
      const page: Page<Product> = await listProducts({
        q: q || undefined,
        active: 'true',
        cursor,
        limit: 12,
      });
      setProducts((shown) => (cursor ? [...shown, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    }
  };
  // Loads the first page again whenever the search changes.
  useEffect(() => void load(), [q]);

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q')?.toString().trim() ?? '';
    setParams(value ? { q: value } : {});
  };

  return (
    <section>
      <h1>Catalog</h1>
      <form className="search" onSubmit={search} role="search">
        <input name="q" defaultValue={q} placeholder="Search by name or SKU" aria-label="Search" />
        <button type="submit">Search</button>
        <FieldError error={error} field="q" />
      </form>
      <ProblemMessage error={error} />
      <ul className="products">
        {products.map((product) => (
          <li key={product.productId} className="product-card">
            <Link to={`/products/${product.productId}`}>{product.name}</Link>
            <span className="muted">{product.sku}</span>
            <span>{formatMoney(product.price)}</span>
          </li>
        ))}
      </ul>
      {products.length === 0 && !error && <p className="muted">No products match.</p>}
      {nextCursor && <button onClick={() => load(nextCursor)}>More</button>}
    </section>
  );
}
