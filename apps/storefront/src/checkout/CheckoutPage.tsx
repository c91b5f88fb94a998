import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiProblem } from '../api/problem';
import { placeOrder } from '../api/shop-api';
import { useCart } from '../cart/cart-context';
import { cartTotal, orderRequestOf } from '../cart/cart';
import { formatMoney } from '../components/format';
import { FieldError, ProblemMessage } from '../components/ProblemMessage';
import { useSession } from '../session/session';
import { attemptFor, type CheckoutAttempt } from './checkout-attempt';
import { TEST_PAYMENT_METHODS } from './test-cards';

/** What one press of "Place order" got back, shown in a list so a double-click or a retry is visible. */
type Submission =
  | { kind: 'placed'; orderId: string; replayed: boolean; key: string }
  | { kind: 'failed'; error: unknown; key: string };

/**
 * Checkout: POST /v1/orders with an Idempotency-Key. The button is not
 * disabled while a request runs, on purpose: a double-click sends the same
 * key twice, and the list below shows what the gateway answered each time
 * (the first order, then `Idempotent-Replayed: true`, or 409 while the first
 * is still in flight). Exactly one order exists either way.
 */
export function CheckoutPage() {
  const { session, authorized } = useSession();
  const { cart } = useCart();
  const [token, setToken] = useState<string>(TEST_PAYMENT_METHODS[0].token);
  const [submissions, setSubmissions] = useState<Submission[]>([]);
  const attempt = useRef<CheckoutAttempt | null>(null);
  const total = cartTotal(cart);
  if (!session)
    return (
      <p>
        Please{' '}
        <Link to="/login" state={{ from: '/checkout' }}>
          log in
        </Link>{' '}
        to check out.
      </p>
    );
  if (!total) return <p>Your cart is empty.</p>;

  const submit = async () => {
    const request = orderRequestOf(cart, token);
    attempt.current = attemptFor(attempt.current, request, () => crypto.randomUUID());
    const key = attempt.current.idempotencyKey;
    try {
      const { order, replayed } = await authorized((token) => placeOrder(token, key, request));
      setSubmissions((shown) => [...shown, { kind: 'placed', orderId: order.orderId, replayed, key }]);
    } catch (error) {
      setSubmissions((shown) => [...shown, { kind: 'failed', error, key }]);
    }
  };
  const lastFailure = [...submissions].reverse().find((s) => s.kind === 'failed');

  return (
    <section>
      <h1>Checkout</h1>
      <p className="price">Total {formatMoney(total)}</p>
      <label className="field">
        Test card
        <select name="paymentMethodToken" value={token} onChange={(event) => setToken(event.target.value)}>
          {TEST_PAYMENT_METHODS.map((method) => (
            <option key={method.token} value={method.token}>
              {method.label}
            </option>
          ))}
        </select>
        {lastFailure && <FieldError error={lastFailure.error} field="paymentMethodToken" />}
      </label>
      <button className="primary" onClick={submit}>
        Place order
      </button>
      {attempt.current && (
        <p className="muted">
          Idempotency-Key of this attempt: <code>{attempt.current.idempotencyKey}</code>
        </p>
      )}
      <ol className="submissions" aria-label="Submissions">
        {submissions.map((submission, index) => (
          <li key={index} data-kind={submission.kind}>
            {submission.kind === 'placed' ? (
              <>
                {submission.replayed
                  ? 'Replayed (Idempotent-Replayed: true): the same order '
                  : 'Order accepted: '}
                <Link to={`/orders/${submission.orderId}`}>{submission.orderId}</Link>
              </>
            ) : (
              <ProblemMessage error={submission.error} />
            )}
          </li>
        ))}
      </ol>
      {lastFailure?.kind === 'failed' &&
        lastFailure.error instanceof ApiProblem &&
        lastFailure.error.status === 409 && (
          <p>Press "Place order" again: the same key replays the first order once it is done.</p>
        )}
    </section>
  );
}
