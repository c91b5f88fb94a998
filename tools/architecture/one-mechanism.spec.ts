import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// One mechanism per concern: for each pattern this project teaches, the one place a
// learner opens, and a signature of the pattern's core. Production code outside that
// place that matches the signature is a second implementation, and fails here.
// The signatures are deliberately narrow (the pattern's heart, not its uses); each
// carries an example it must match, so a signature that can no longer fail fails too.
interface Mechanism {
  readonly pattern: string;
  /** The file docs/architecture.md sends a learner to. */
  readonly opens: string;
  /** Where the signature may appear: the mechanism itself. */
  readonly home: readonly string[];
  readonly signature: RegExp;
  readonly example: string;
  /** Places that match for another reason, each with that reason. */
  readonly exempt?: Readonly<Record<string, string>>;
}

export const MECHANISMS: readonly Mechanism[] = [
  {
    pattern: 'saga (step table + engine)',
    opens: 'libs/order/domain/src/lib/saga/place-order-saga.definition.ts',
    home: ['libs/order/domain/src/lib/saga/'],
    // declarations only: importing the types is using the one engine
    signature:
      /^\s*(export\s+)?((interface|class)\s+\w*Saga(Definition|Step|Engine)\b|type\s+\w*Saga(Definition|Step|Engine)\b[^,]*=)|\bfunction\s+(startSaga|handleSagaEvent)\b/m,
    example: 'export interface RefundSagaDefinition {',
  },
  {
    pattern: 'transactional outbox',
    opens: 'libs/messaging/src/outbox/outbox-writer.ts',
    home: ['libs/messaging/src/outbox/'],
    signature: /INSERT INTO\s+"?outbox\b/i,
    example: 'INSERT INTO outbox (event_id, topic) VALUES ($1, $2)',
  },
  {
    pattern: 'inbox (idempotent consumer)',
    opens: 'libs/messaging/src/inbox/inbox-store.ts',
    home: ['libs/messaging/src/inbox/'],
    signature: /INSERT INTO\s+"?inbox\b/i,
    example: 'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)',
  },
  {
    pattern: 'idempotency keys',
    opens: 'apps/order/src/idempotency/idempotent-command.ts',
    home: ['apps/order/src/idempotency/'],
    signature: /INSERT INTO\s+"?idempotency_keys\b|\bclass\s+\w*Idempotent\w*/i,
    example: 'export class IdempotentRefund {',
    exempt: {
      'apps/payment-provider/src/idempotency/idempotency-store.ts':
        "the simulated external processor's own key handling, which payment relies on",
    },
  },
  {
    pattern: 'cache-aside',
    opens: 'libs/platform/src/cache/cache-aside.ts',
    home: ['libs/platform/src/cache/'],
    signature: /\bclass\s+\w*(CacheAside|SingleFlight)\b|new Map<string,\s*Promise</,
    example: 'private readonly inFlight = new Map<string, Promise<Product>>();',
  },
  {
    pattern: 'backoff',
    opens: 'libs/platform/src/resilience/backoff.ts',
    home: ['libs/platform/src/resilience/backoff.ts'],
    signature: /\*\s*2\s*\*\*|Math\.pow\(\s*2\b/,
    example: 'const delay = Math.min(max, base * 2 ** attempt);',
  },
  {
    pattern: 'retry loop',
    opens: 'libs/platform/src/resilience/retry-with-backoff.ts',
    home: ['libs/platform/src/resilience/'],
    // retryAfterSeconds (problem-details.ts) reads a header value; it retries nothing
    signature: /\bfunction\s+(retry(?!After)|withRetr)\w*|\bclass\s+\w*Retr(y|ier)\b/,
    example: 'export async function retryCall<T>(call: () => Promise<T>) {',
  },
  {
    pattern: 'retry budget',
    opens: 'libs/platform/src/resilience/retry-budget.ts',
    home: ['libs/platform/src/resilience/'],
    signature: /\bclass\s+\w*RetryBudget\b/,
    example: 'class ProviderRetryBudget {',
  },
  {
    pattern: 'circuit breaker',
    opens: 'libs/platform/src/resilience/circuit-breaker.ts',
    home: ['libs/platform/src/resilience/'],
    signature: /\bclass\s+\w*(CircuitBreaker|Breaker)\b|['"]half[_-]open['"]/,
    example: "if (this.state === 'half-open') {",
  },
  {
    pattern: 'job queue (leased Postgres jobs)',
    opens: 'libs/platform/src/jobs/job-worker.ts',
    home: ['libs/platform/src/jobs/'],
    // SQL, not prose: a LISTEN statement sent, or a second wake-up mechanism
    signature: /query\(\s*[`'"]LISTEN\s|\bnew\s+(WakeSignal|NotifyListener)\(/,
    example: 'await client.query(`LISTEN "${channel}"`);',
    exempt: {
      'libs/messaging/src/outbox/outbox-relay.ts':
        'the outbox relay: one leader per service (an advisory lock on its own session) keeps the publish order, which concurrent leased workers would not',
      'libs/messaging/src/outbox/outbox-store.ts': "the same relay's session (its LISTEN and its queries)",
    },
  },
  {
    pattern: 'bulkhead',
    opens: 'libs/platform/src/jobs/job-worker.ts',
    home: ['libs/platform/src/jobs/job-worker.ts'],
    signature: /\.concurrency\s*-\s*this\.\w+\.(size|length)\b|\bclass\s+\w*Bulkhead\b/,
    example: 'const free = this.settings.concurrency - this.running.size;',
  },
  {
    pattern: 'periodic job',
    opens: 'libs/platform/src/lifecycle/periodic-job.ts',
    home: ['libs/platform/src/lifecycle/periodic-job.ts'],
    signature: /\bsetInterval\(/,
    example: 'setInterval(() => void this.purge(), 60_000);',
    exempt: {
      'apps/payment-provider/src/simulator/money-call.runner.ts':
        'the simulator polls for its own shutdown while a simulated call hangs; no job runs on it',
    },
  },
  {
    pattern: 'rate limit (token bucket)',
    opens: 'apps/gateway/src/rate-limit/token-bucket.ts',
    home: ['apps/gateway/src/rate-limit/'],
    signature: /\bclass\s+\w*(RateLimiter|TokenBucket)\b|redis\.call\('TIME'\)/,
    example: 'export class SlidingWindowRateLimiter {',
  },
];

const root = join(__dirname, '..', '..');

/** Production TypeScript of the services and libraries: no tests, test harnesses or generated code. */
const productionFiles = execFileSync('git', ['ls-files', 'apps/*.ts', 'libs/*.ts'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    (file) =>
      file &&
      !/\.(spec|int-spec|e2e-spec|startup-spec)\.ts$|\/testing\/|^apps\/e2e\/|\/generated\//.test(file),
  )
  .filter((file) => existsSync(join(root, file)));

const architecture = readFileSync(join(root, 'docs/architecture.md'), 'utf8');

describe.each(MECHANISMS)('one $pattern', (mechanism) => {
  it('is the file docs/architecture.md names', () => {
    expect(existsSync(join(root, mechanism.opens))).toBe(true);
    expect(architecture).toContain(`](../${mechanism.opens})`);
  });

  it('has a signature that still recognises the pattern', () => {
    expect(mechanism.signature.test(mechanism.example)).toBe(true);
  });

  it('has no second implementation outside its home', () => {
    const elsewhere = productionFiles.filter(
      (file) =>
        !mechanism.home.some((place) => file.startsWith(place)) &&
        !(mechanism.exempt && file in mechanism.exempt) &&
        mechanism.signature.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(elsewhere).toEqual([]);
  });
});
