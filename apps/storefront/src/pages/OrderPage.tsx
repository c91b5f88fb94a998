import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { Order } from '../api/api-types';
import { watchOrder } from '../api/order-updates';
import { jaegerTraceUrl } from '../config';
import { formatMoney } from '../components/format';
import { ProblemMessage } from '../components/ProblemMessage';
import { useSession, type Authorized } from '../session/session';
import { SagaTimeline } from '../timeline/SagaTimeline';
import { RequireSession } from './RequireSession';

export function OrderPage() {
  const { orderId = '' } = useParams();
  return (
    <RequireSession>{(authorized) => <LiveOrder authorized={authorized} orderId={orderId} />}</RequireSession>
  );
}

/** The order and its saga, updated live while the saga runs (no reload): see api/order-updates.ts. */
function LiveOrder({ authorized, orderId }: { authorized: Authorized; orderId: string }) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { expire } = useSession();
  useEffect(() => {
    const stop = new AbortController();
    watchOrder({ authorized, orderId, onOrder: setOrder, signal: stop.signal }).catch((caught: unknown) => {
      if (!stop.signal.aborted) setError(caught);
    });
    return () => stop.abort();
  }, [authorized, orderId]);

  if (error) return <ProblemMessage error={error} onUnauthorized={expire} />;
  if (!order) return <p className="muted">Loading…</p>;
  return (
    <section>
      <h1>
        Order <code>{order.orderId}</code>
      </h1>
      <p>
        <span className={`status status-${order.status.toLowerCase()}`} data-testid="order-status">
          {order.status}
        </span>{' '}
        {formatMoney(order.total)}
        {order.cancellation && (
          <>
            {' '}
            · <code>{order.cancellation.code}</code> {order.cancellation.reason}
          </>
        )}
      </p>
      {order.traceId && (
        <p>
          <a href={jaegerTraceUrl(order.traceId)} target="_blank" rel="noreferrer">
            Open this order's trace in Jaeger
          </a>
        </p>
      )}
      <h2>Saga timeline</h2>
      <SagaTimeline history={order.steps} />
    </section>
  );
}
