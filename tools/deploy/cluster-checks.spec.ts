import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './deploy-model';

// The verdicts of scripts/cluster/deploy-checks.mjs that the live-cluster drills rely on
// (crash-test.sh, rollout-test.sh, istio-test.sh): a check that passed everything would let
// a lost payment or a privileged sidecar through, so each must fail on a broken input.

const script = join(repoRoot, 'scripts', 'cluster', 'deploy-checks.mjs');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cluster-checks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(command: string, files: Record<string, string>) {
  const paths = Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  });
  const result = spawnSync('node', [script, command, ...paths], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout + result.stderr };
}

describe('saga-books: order, payment and inventory agree on every order', () => {
  const orders = 'o1|CONFIRMED\no2|CANCELLED\no3|CANCELLED\n';
  const payments = 'o1|CAPTURED\no2|VOIDED\n';
  const reservations = 'o1|COMMITTED\no2|RELEASED\no3|REJECTED\n';

  it('passes when a confirmed order was captured and committed and cancelled ones hold nothing', () => {
    const { status, out } = run('saga-books', { orders, payments, reservations });
    expect(status).toBe(0);
    expect(out).toContain('3 orders: order, payment and inventory agree on every one');
  });

  it.each([
    [
      'a confirmed order whose payment was voided',
      orders,
      'o1|VOIDED\no2|VOIDED\n',
      reservations,
      'order o1 CONFIRMED: payment VOIDED',
    ],
    [
      'a confirmed order without stock committed',
      orders,
      payments,
      'o1|RESERVED\no2|RELEASED\n',
      'order o1 CONFIRMED: payment CAPTURED, stock RESERVED',
    ],
    [
      'a cancelled order whose money was taken',
      orders,
      'o1|CAPTURED\no2|CAPTURED\n',
      reservations,
      'order o2 CANCELLED: payment CAPTURED',
    ],
    [
      'a cancelled order still holding stock',
      orders,
      payments,
      'o1|COMMITTED\no2|RELEASED\no3|RESERVED\n',
      'order o3 CANCELLED: payment none, stock RESERVED',
    ],
    [
      'an order not terminal',
      'o1|CONFIRMED\no4|AWAITING_PAYMENT\n',
      payments,
      reservations,
      'order o4 is AWAITING_PAYMENT, not terminal',
    ],
  ])('fails on %s', (_what, ordersRows, paymentRows, reservationRows, expected) => {
    const { status, out } = run('saga-books', {
      orders: ordersRows,
      payments: paymentRows,
      reservations: reservationRows,
    });
    expect(status).toBe(1);
    expect(out).toContain(`BOOKS DISAGREE: ${expected}`);
  });
});

describe('injected: the pod as the sidecar injector returned it', () => {
  const app = { name: 'gateway', image: 'shop/gateway:0.1.0', securityContext: { runAsNonRoot: true } };
  const proxy = {
    name: 'istio-proxy',
    image: 'shop-local/proxyv2:x',
    restartPolicy: 'Always',
    securityContext: { runAsUser: 1337 },
  };
  const pod = (spec: object) =>
    JSON.stringify({ metadata: { annotations: { 'sidecar.istio.io/status': '{}' } }, spec });

  it('passes with istio-proxy as a native sidecar and no privileged container', () => {
    const { status, out } = run('injected', {
      'pod.json': pod({ initContainers: [proxy], containers: [app] }),
    });
    expect(status).toBe(0);
    expect(out).toContain('istio-proxy (sidecar)');
  });

  it('fails when nothing was injected', () => {
    const { status, out } = run('injected', { 'pod.json': pod({ containers: [app] }) });
    expect(status).toBe(1);
    expect(out).toContain('INJECTION: no istio-proxy container was injected');
  });

  it('fails when the privileged istio-init was injected (the injector does not know CNI redirects)', () => {
    const init = { name: 'istio-init', securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } } };
    const { status, out } = run('injected', {
      'pod.json': pod({ initContainers: [init, proxy], containers: [app] }),
    });
    expect(status).toBe(1);
    expect(out).toContain('INJECTION: istio-init (privileged redirection) injected');
    expect(out).toContain('INJECTION: istio-init asks for privileges');
  });
});
