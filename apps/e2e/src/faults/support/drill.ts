import { waitUntil } from '@shop/testing';
import { adminSession, newSession, type Session } from '../../support/auth';
import { newProduct, orderBody, placeOrder, provider, tokenise } from '../../support/shop';
import { ensureAppRunning, providerKnobs, setProviderKnobs, type AppName, type Knobs } from './system';

/** What every drill starts from: an admin, a customer with an approving card, the provider's normal knobs. */
export interface DrillContext {
  admin: Awaited<ReturnType<typeof adminSession>>;
  customer: Session;
  card: string;
  normalKnobs: Knobs;
}

export async function drillContext(): Promise<DrillContext> {
  const [admin, customer, card, normalKnobs] = await Promise.all([
    adminSession(),
    newSession(),
    tokenise('4242424242424242'),
    providerKnobs(),
  ]);
  return { admin, customer, card, normalKnobs };
}

/**
 * A drill's context, filled before its tests; after each test the provider's
 * knobs are back to normal and the given apps run again, even when the test
 * failed half-way: the next drill starts from a healthy system.
 */
export function useDrill(options: { restart?: AppName[] } = {}): DrillContext {
  const ctx = {} as DrillContext;
  beforeAll(async () => {
    Object.assign(ctx, await drillContext());
  });
  afterEach(async () => {
    await restoreKnobs(ctx);
    for (const app of options.restart ?? []) await ensureAppRunning(app);
  });
  return ctx;
}

/** Back to the provider's normal behaviour (the knobs are global to the running simulator). */
export const restoreKnobs = ({ normalKnobs }: DrillContext) =>
  setProviderKnobs({
    latencyMs: normalKnobs.latencyMs,
    failureRate: normalKnobs.failureRate,
    declineRate: normalKnobs.declineRate,
    timeoutRate: normalKnobs.timeoutRate,
    hangMs: normalKnobs.hangMs,
  });

/** A one-line order of a new product with `stock` units. */
export async function oneLineOrder(ctx: DrillContext, stock = 3, priceMinor = 1_000) {
  const productId = await newProduct(ctx.admin, stock, priceMinor);
  return { productId, body: orderBody(productId, 1, ctx.card) };
}

/** Waits until the provider is processing a money-moving call right now (drills act at that moment). */
export const providerCallInFlight = () =>
  waitUntil(
    async () => {
      const stats = (await provider().get('/v1/_simulator/stats').expect(200)).body as { inFlight: number };
      return stats.inFlight > 0 || undefined;
    },
    { timeoutMs: 30_000, intervalMs: 50, description: 'a provider call in flight' },
  );

/**
 * Places a one-line order while the provider is slow (1.5 s per call, within
 * payment's per-call timeout) and returns once payment's authorization is
 * being processed: the moment the crash drills strike.
 */
export async function orderMidAuthorization(ctx: DrillContext, priceMinor: number) {
  const { productId, body } = await oneLineOrder(ctx, 3, priceMinor);
  await setProviderKnobs({ latencyMs: 1_500 });
  const orderId = await placeOrder(ctx.customer, body);
  await providerCallInFlight();
  return { productId, orderId };
}
