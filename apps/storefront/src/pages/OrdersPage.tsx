import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { OrderSummary } from '../api/api-types';
import { listOrders } from '../api/shop-api';
import { formatMoney } from '../components/format';
import { ProblemMessage } from '../components/ProblemMessage';
import { useSession, type Authorized } from '../session/session';
import { RequireSession } from './RequireSession';

export function OrdersPage() {
  return <RequireSession>{(authorized) => <OrderList authorized={authorized} />}</RequireSession>;
}

function OrderList({ authorized }: { authorized: Authorized }) {
  const [orders, setOrders] = useState<OrderSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { expire } = useSession();
  const load = (cursor?: string) =>
    authorized((token) => listOrders(token, cursor)).then((page) => {
      setOrders((shown) => (cursor ? [...shown, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    }, setError);
  useEffect(() => void load(), [authorized]);
  if (error) return <ProblemMessage error={error} onUnauthorized={expire} />;
  return (
    <section>
      <h1>Your orders</h1>
      {orders.length === 0 && <p className="muted">No orders yet.</p>}
      <table className="orders">
        <tbody>
          {orders.map((order) => (
            <tr key={order.orderId}>
              <td>
                <Link to={`/orders/${order.orderId}`}>{order.orderId}</Link>
              </td>
              <td className={`status status-${order.status.toLowerCase()}`}>{order.status}</td>
              <td>{formatMoney(order.total)}</td>
              <td className="muted">{order.cancelCode}</td>
              <td className="muted">{new Date(order.createdAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {nextCursor && <button onClick={() => load(nextCursor)}>More</button>}
    </section>
  );
}
