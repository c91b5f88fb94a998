import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Product } from '../api/api-types';
import { getProduct } from '../api/shop-api';
import { useCart } from '../cart/cart-context';
import { MAX_QUANTITY } from '../cart/cart';
import { formatMoney } from '../components/format';
import { ProblemMessage } from '../components/ProblemMessage';

export function ProductPage() {
  const { productId = '' } = useParams();
  const { cart, dispatch } = useCart();
  const [product, setProduct] = useState<Product | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    getProduct(productId).then(setProduct, setError);
  }, [productId]);

  if (error) return <ProblemMessage error={error} />;
  if (!product) return <p className="muted">Loading…</p>;
  const inCart = cart.find((line) => line.productId === product.productId)?.quantity ?? 0;
  return (
    <section>
      <h1>{product.name}</h1>
      <p className="muted">SKU {product.sku}</p>
      <p>{product.description}</p>
      <p className="price">{formatMoney(product.price)}</p>
      <label>
        Quantity{' '}
        <input
          type="number"
          min={1}
          max={MAX_QUANTITY}
          value={quantity}
          onChange={(event) => setQuantity(Number(event.target.value))}
        />
      </label>{' '}
      <button
        disabled={!product.active}
        onClick={() =>
          dispatch({
            type: 'add',
            line: { productId: product.productId, name: product.name, unitPrice: product.price },
            quantity,
          })
        }
      >
        Add to cart
      </button>
      {inCart > 0 && (
        <p>
          {inCart} in your <Link to="/cart">cart</Link>.
        </p>
      )}
    </section>
  );
}
