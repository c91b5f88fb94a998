import { Link } from 'react-router';
import { useCart } from '../cart/cart-context';
import { cartTotal } from '../cart/cart';
import { formatMoney } from '../components/format';

export function CartPage() {
  const { cart, dispatch } = useCart();
  const total = cartTotal(cart);
  if (!total)
    return (
      <p>
        Your cart is empty. <Link to="/">Browse the catalog</Link>.
      </p>
    );
  return (
    <section>
      <h1>Cart</h1>
      <table className="cart">
        <tbody>
          {cart.map((line) => (
            <tr key={line.productId}>
              <td>{line.name}</td>
              <td>
                <input
                  type="number"
                  aria-label={`Quantity of ${line.name}`}
                  min={0}
                  value={line.quantity}
                  onChange={(event) =>
                    dispatch({
                      type: 'setQuantity',
                      productId: line.productId,
                      quantity: Number(event.target.value),
                    })
                  }
                />
              </td>
              <td>
                {formatMoney({ ...line.unitPrice, amountMinor: line.unitPrice.amountMinor * line.quantity })}
              </td>
              <td>
                <button onClick={() => dispatch({ type: 'remove', productId: line.productId })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="price">Total {formatMoney(total)}</p>
      <Link className="button" to="/checkout">
        Checkout
      </Link>
    </section>
  );
}
