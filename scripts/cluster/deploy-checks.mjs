// The checks of scripts/cluster/deploy-test.sh that read YAML or kubectl's JSON:
//
//   node scripts/cluster/deploy-checks.mjs overlay-diff <kind.yaml> <local-cluster.yaml>
//     The test overlay changes only what it says it changes: the same objects as overlays/kind
//     minus the observability Deployments, equal field for field except container images
//     swapped for shop-local/* stand-ins, and every container's imagePullPolicy IfNotPresent
//     or Never (images come from load-images.sh, nothing is pulled). Prints the swaps.
//   node scripts/cluster/deploy-checks.mjs images <rendered.yaml>
//     Every container image of the rendered objects, one per line.
//   node scripts/cluster/deploy-checks.mjs security <pods.json>
//     Every container of every pod (kubectl get pods -o json), with its effective
//     runAsUser/runAsNonRoot (container over pod) and readOnlyRootFilesystem, as rendered.
//     Exit 1 when one may run as root: runAsNonRoot not true, or runAsUser 0.
//   node scripts/cluster/deploy-checks.mjs ready-times <pods.json> <apply time, epoch ms>
//     Per pod: restarts, seconds from creation to Ready, from the apply to Ready; the slowest.
//   node scripts/cluster/deploy-checks.mjs load-outcome <summary.json>
//     What a load run (scripts/load/run.sh) saw, per route: requests, statuses, and those that
//     failed the way a restart can make them fail: no answer or a 5xx. Prints
//     `failed=<n> accepted_orders=<n> order_posts_failed=<n>` last (accepted: distinct orders,
//     the 202s of POST /v1/orders less the replays of the same key; order_posts_failed: the
//     order POSTs among the failed, whose order may or may not exist). A 4xx is the system's
//     deliberate answer (e.g. 429 from the login limits), printed but not counted.
//   node scripts/cluster/deploy-checks.mjs saga-books <orders> <payments> <reservations>
//     `id|status` rows of order_db.orders and `order_id|status` rows of payment_db.payments and
//     inventory_db.reservations: every order terminal, and the three services agree on it
//     (CONFIRMED: captured and committed; CANCELLED: no money taken, no stock held). Exit 1 if not.
//   kubectl get deployment <d> -o json | node scripts/cluster/deploy-checks.mjs pod-of-deployment
//     The Pod its ReplicaSet would create (for a --dry-run=server create through the webhooks).
//   node scripts/cluster/deploy-checks.mjs injected <pod.json>
//     That Pod as the sidecar injector returned it: istio-proxy present, no privileged
//     istio-init, no container asking for privileges. Exit 1 if not.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const docs = (file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter(Boolean);
const key = (o) => `${o.kind} ${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;
const podSpecOf = (o) => o.spec?.template?.spec ?? o.spec?.jobTemplate?.spec?.template?.spec ?? null;
const containersOf = (spec) => [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];

function overlayDiff(kindFile, localFile) {
  const left = new Map(docs(kindFile).map((o) => [key(o), o]));
  const right = new Map(docs(localFile).map((o) => [key(o), o]));
  const problems = [];
  const swaps = new Set();
  const omitted = [];
  for (const [k, o] of left) {
    if (!right.has(k)) {
      if (o.kind === 'Deployment' && o.metadata?.namespace === 'observability') omitted.push(k);
      else problems.push(`${k}: left out by the test overlay (only the observability Deployments may be)`);
    }
  }
  for (const k of right.keys()) if (!left.has(k)) problems.push(`${k}: added by the test overlay`);
  for (const [k, local] of right) {
    const base = left.get(k);
    if (!base) continue;
    const copy = structuredClone(local);
    const baseContainers = containersOf(podSpecOf(base));
    containersOf(podSpecOf(copy)).forEach((c, i) => {
      const policy = c.imagePullPolicy;
      if (policy !== 'IfNotPresent' && policy !== 'Never') {
        problems.push(
          `${k} container ${c.name}: imagePullPolicy ${policy ?? '(unset)'}, want IfNotPresent or Never`,
        );
      }
      const from = baseContainers[i]?.image;
      if (c.image !== from && c.image?.startsWith('shop-local/')) {
        swaps.add(`${from} -> ${c.image}`);
        c.image = from;
      }
    });
    if (JSON.stringify(copy) !== JSON.stringify(base)) {
      problems.push(`${k}: differs from overlays/kind in more than its images`);
    }
  }
  for (const s of [...swaps].sort()) console.log(`image swapped: ${s}`);
  for (const o of omitted) console.log(`left out: ${o}`);
  console.log(`${right.size} objects, equal to what overlays/kind renders apart from the image swaps`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`NOT ONLY A SWAP: ${p}`);
    process.exit(1);
  }
}

function images(file) {
  const all = new Set();
  for (const o of docs(file)) for (const c of containersOf(podSpecOf(o))) all.add(c.image);
  for (const i of [...all].sort()) console.log(i);
}

function security(podsFile) {
  const pods = JSON.parse(readFileSync(podsFile, 'utf8')).items;
  let bad = 0;
  const rows = [];
  for (const pod of pods) {
    const psc = pod.spec.securityContext ?? {};
    for (const c of containersOf(pod.spec)) {
      const sc = c.securityContext ?? {};
      const user = sc.runAsUser ?? psc.runAsUser;
      const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
      const ro = sc.readOnlyRootFilesystem === true;
      const ok = nonRoot === true && user !== 0;
      if (!ok) bad += 1;
      rows.push([
        `${pod.metadata.namespace}/${pod.metadata.name}`,
        c.name,
        String(user ?? '(image)'),
        String(nonRoot ?? 'unset'),
        ro ? 'read-only' : 'writable',
        ok ? 'ok' : 'MAY RUN AS ROOT',
      ]);
    }
  }
  printTable(['pod', 'container', 'runAsUser', 'runAsNonRoot', 'root fs', ''], rows);
  if (bad > 0) {
    console.error(`${bad} container(s) may run as root`);
    process.exit(1);
  }
}

function readyTimes(podsFile, appliedMs) {
  const pods = JSON.parse(readFileSync(podsFile, 'utf8')).items.filter(
    (p) => !p.metadata.ownerReferences?.some((o) => o.kind === 'Job'),
  );
  const rows = [];
  let slowest = null;
  let notReady = 0;
  for (const pod of pods) {
    const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
    const restarts = (pod.status.containerStatuses ?? []).reduce((n, s) => n + s.restartCount, 0);
    const created = Date.parse(pod.metadata.creationTimestamp);
    if (ready?.status !== 'True') {
      notReady += 1;
      rows.push([`${pod.metadata.namespace}/${pod.metadata.name}`, String(restarts), 'NOT READY', '']);
      continue;
    }
    const at = Date.parse(ready.lastTransitionTime);
    const sinceApply = (at - Number(appliedMs)) / 1000;
    rows.push([
      `${pod.metadata.namespace}/${pod.metadata.name}`,
      String(restarts),
      `${(at - created) / 1000}s`,
      `${sinceApply.toFixed(0)}s`,
    ]);
    if (!slowest || sinceApply > slowest.sinceApply) slowest = { name: pod.metadata.name, sinceApply };
  }
  printTable(['pod', 'restarts', 'created -> Ready', 'apply -> Ready'], rows);
  if (slowest)
    console.log(
      `slowest: ${slowest.name}, Ready ${slowest.sinceApply.toFixed(0)}s after the apply (timestamps have 1 s resolution)`,
    );
  if (notReady > 0) process.exit(1);
}

function loadOutcome(summaryFile) {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  let unavailable = 0;
  let acceptedOrders = 0;
  let orderPostsFailed = 0;
  const rows = summary.routes.map((route) => {
    // What a restart can cause: no answer (status 0: refused, reset, timed out) or a 5xx,
    // counted by the k6 script's handleSummary (k6/lib/summary.ts) as `unavailable`.
    const routeUnavailable = route.unavailable;
    unavailable += routeUnavailable;
    if (route.method === 'POST' && route.route === '/v1/orders') {
      acceptedOrders += route.statuses['202'] ?? 0;
      orderPostsFailed += routeUnavailable;
    }
    const statuses = Object.entries(route.statuses)
      .map(([status, count]) => `${status}:${count}`)
      .join(' ');
    return [`${route.method} ${route.route}`, String(route.requests), statuses, String(routeUnavailable)];
  });
  printTable(['route', 'requests', 'statuses', 'no answer or 5xx'], rows);
  // Some orders are sent twice with the same Idempotency-Key (k6/lib/orders.ts):
  // the second 202 is the first one replayed, not a second order. A replay that was not one
  // (a new order, a different body) fails that check and counts as failed here.
  const replay = summary.checks.find((check) => check.name.startsWith('retry with the same Idempotency-Key'));
  const replays = replay?.passes ?? 0;
  console.log(
    `  ${replays} of the 202s were replays (same key, Idempotent-Replayed: true); ${replay?.fails ?? 0} were not`,
  );
  console.log(
    `failed=${unavailable + (replay?.fails ?? 0)} accepted_orders=${acceptedOrders - replays} order_posts_failed=${orderPostsFailed}`,
  );
}

// What each service must hold for an order once its saga is over: a CONFIRMED order was paid
// (payment CAPTURED) and its stock taken (reservation COMMITTED); a CANCELLED order took no
// money (no payment, or one FAILED, VOIDED or REFUNDED) and holds no stock (no reservation, or
// one RELEASED, EXPIRED or REJECTED). The unique constraints on order_id allow one row each.
const BOOKS = {
  CONFIRMED: { payments: ['CAPTURED'], reservations: ['COMMITTED'] },
  CANCELLED: {
    payments: [undefined, 'FAILED', 'VOIDED', 'REFUNDED'],
    reservations: [undefined, 'RELEASED', 'EXPIRED', 'REJECTED'],
  },
};

function sagaBooks(ordersFile, paymentsFile, reservationsFile) {
  const rows = (file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('|'));
  const statusByOrder = (file) => new Map(rows(file).map(([orderId, status]) => [orderId, status]));
  const payments = statusByOrder(paymentsFile);
  const reservations = statusByOrder(reservationsFile);
  const problems = [];
  const tally = new Map();
  for (const [orderId, status] of rows(ordersFile)) {
    const want = BOOKS[status];
    const payment = payments.get(orderId);
    const reservation = reservations.get(orderId);
    const seen = `${status}: payment ${payment ?? 'none'}, stock ${reservation ?? 'none'}`;
    tally.set(seen, (tally.get(seen) ?? 0) + 1);
    if (!want) problems.push(`order ${orderId} is ${status}, not terminal`);
    else if (!want.payments.includes(payment) || !want.reservations.includes(reservation))
      problems.push(`order ${orderId} ${seen}`);
  }
  for (const [seen, count] of [...tally].sort()) console.log(`  ${String(count).padStart(4)} x ${seen}`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`BOOKS DISAGREE: ${p}`);
    process.exit(1);
  }
  console.log(`${rows(ordersFile).length} orders: order, payment and inventory agree on every one`);
}

// A Pod made from a Deployment's pod template (read from stdin, kubectl get -o json): what the
// ReplicaSet would create, for a --dry-run=server create that runs the admission webhooks.
function podOfDeployment() {
  const deployment = JSON.parse(readFileSync(0, 'utf8'));
  const template = deployment.spec.template;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${deployment.metadata.name}-`,
      namespace: deployment.metadata.namespace,
      labels: template.metadata.labels,
      annotations: template.metadata.annotations,
    },
    spec: template.spec,
  };
  console.log(JSON.stringify(pod));
}

// The Pod as istiod's injector returned it: an istio-proxy container (a native sidecar, an
// init container that keeps running, or a regular one), no privileged istio-init (CNI does the
// redirection in kind), and the app's own containers unchanged in order and image.
function injected(podFile) {
  const pod = JSON.parse(readFileSync(podFile, 'utf8'));
  const init = pod.spec.initContainers ?? [];
  const containers = pod.spec.containers ?? [];
  const names = (list) =>
    list.map((c) => `${c.name}${c.restartPolicy === 'Always' ? ' (sidecar)' : ''}`).join(', ');
  console.log(`  init containers: ${names(init) || 'none'}; containers: ${names(containers)}`);
  const proxy = [...init, ...containers].find((c) => c.name === 'istio-proxy');
  const problems = [];
  if (!proxy) problems.push('no istio-proxy container was injected');
  if (init.some((c) => c.name === 'istio-init'))
    problems.push('istio-init (privileged redirection) injected: the injector does not know CNI does it');
  for (const c of [...init, ...containers]) {
    if (c.securityContext?.privileged || c.securityContext?.capabilities?.add?.length)
      problems.push(`${c.name} asks for privileges: ${JSON.stringify(c.securityContext)}`);
  }
  if (proxy) {
    console.log(`  istio-proxy: image ${proxy.image}, runAsUser ${proxy.securityContext?.runAsUser}`);
    const annotations = pod.metadata.annotations ?? {};
    console.log(`  sidecar.istio.io/status: ${annotations['sidecar.istio.io/status'] ? 'set' : 'missing'}`);
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`INJECTION: ${p}`);
    process.exit(1);
  }
}

function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows])
    console.log(`  ${r.map((v, i) => v.padEnd(widths[i])).join('  ')}`.trimEnd());
}

const [command, ...args] = process.argv.slice(2);
const commands = {
  'overlay-diff': overlayDiff,
  images,
  security,
  'ready-times': readyTimes,
  'load-outcome': loadOutcome,
  'saga-books': sagaBooks,
  'pod-of-deployment': podOfDeployment,
  injected,
};
if (!commands[command]) {
  console.error(`usage: deploy-checks.mjs ${Object.keys(commands).join('|')} <args>`);
  process.exit(2);
}
commands[command](...args);
