import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { faultCli } from './faults/support/system';
import { adminSession, login } from './support/auth';
import { gateway, gatewayUrl, newCustomer } from './support/gateway';
import { newProduct, SAGA_TIMEOUT_MS } from './support/shop';

// The storefront (apps/storefront) in a real browser, served by the running gateway (make up):
// Debian's chromium (scripts/e2e/install-test-tools.sh) driven headless by playwright-core.
// Every wait is for a condition on the page (a status, a row), never a fixed sleep.
// SCREENSHOT_DIR=docs/images also saves the pictures docs/storefront.md shows.
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = process.env['SCREENSHOT_DIR'];
const TEST_TIMEOUT_MS = SAGA_TIMEOUT_MS + 30_000;

describe('storefront: a customer in a browser, through the gateway only', () => {
  let browser: Browser;
  let productId: string;
  let productName: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `no browser at ${CHROMIUM_PATH}: run bash scripts/e2e/install-test-tools.sh (or set CHROMIUM_PATH)`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox'],
    });
    const admin = await adminSession();
    productId = await newProduct(admin, 50, 1_250);
    const product = await gateway().get(`/v1/products/${productId}`).expect(200);
    productName = product.body.name as string;
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** A fresh browser (its own storage) with a customer registered through the page, logged in. */
  async function newShopper() {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const customer = newCustomer();
    await page.goto(`${gatewayUrl}/register`);
    await page.fill('input[name=name]', customer.name);
    await page.fill('input[name=email]', customer.email);
    await page.fill('input[name=password]', customer.password);
    await page.click('button:has-text("Create account")');
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    return { page, customer, close: () => context.close() };
  }

  async function checkout(page: Page, paymentMethodToken: string) {
    await page.goto(`${gatewayUrl}/products/${productId}`);
    await page.click('button:has-text("Add to cart")');
    await page.goto(`${gatewayUrl}/checkout`);
    await page.selectOption('select[name=paymentMethodToken]', paymentMethodToken);
  }

  async function openPlacedOrder(page: Page): Promise<string> {
    const link = page.locator('.submissions li[data-kind=placed] a').first();
    await link.waitFor();
    const orderId = (await link.textContent()) ?? '';
    await link.click();
    return orderId;
  }

  /** "STEP outcome" of each row of the order page's timeline, once the order shows `status`. */
  async function finalTimeline(page: Page, status: 'CONFIRMED' | 'CANCELLED') {
    await page
      .locator('[data-testid=order-status]', { hasText: status })
      .waitFor({ timeout: SAGA_TIMEOUT_MS });
    const rows = await page.locator('.timeline-step').all();
    return Promise.all(
      rows.map(
        async (row) => `${await row.getAttribute('data-step')} ${await row.getAttribute('data-outcome')}`,
      ),
    );
  }

  const attributeOfEach = async (locator: Locator, name: string) =>
    Promise.all((await locator.all()).map((element) => element.getAttribute(name)));

  const screenshot = async (page: Page, name: string) => {
    if (!SCREENSHOT_DIR) return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
  };

  it(
    'registers, finds the product by search, orders with an approving card and sees the timeline reach CONFIRMED',
    async () => {
      const { page, close } = await newShopper();
      try {
        await page.fill('input[name=q]', productName);
        await page.click('button:has-text("Search")');
        await page.click(`a:has-text("${productName}")`);
        await page.waitForURL(`**/products/${productId}`);
        await page.click('button:has-text("Add to cart")');
        await page.click('a:has-text("Cart (1)")');
        await page.click('a:has-text("Checkout")');
        await page.selectOption('select[name=paymentMethodToken]', 'pm_card_visa');
        await page.click('button:has-text("Place order")');
        await openPlacedOrder(page);

        expect(await finalTimeline(page, 'CONFIRMED')).toEqual([
          'RESERVE_STOCK succeeded',
          'AUTHORIZE_PAYMENT succeeded',
          'COMMIT_STOCK succeeded',
          'CAPTURE_PAYMENT succeeded',
          'ORDER confirmed',
        ]);
        await screenshot(page, 'storefront-timeline-confirmed.png');
        await page.goto(`${gatewayUrl}/?q=${encodeURIComponent(productName)}`);
        await page.locator(`a:has-text("${productName}")`).waitFor();
        await screenshot(page, 'storefront-catalog.png');
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a declined card: the timeline shows the failed authorization, the stock released, the order CANCELLED',
    async () => {
      const { page, close } = await newShopper();
      try {
        await checkout(page, 'pm_card_chargeDeclined');
        await page.click('button:has-text("Place order")');
        await openPlacedOrder(page);

        expect(await finalTimeline(page, 'CANCELLED')).toEqual([
          'RESERVE_STOCK succeeded',
          'AUTHORIZE_PAYMENT failed',
          'RELEASE_STOCK succeeded',
          'ORDER cancelled',
        ]);
        const failed = page.locator('.timeline-step[data-step=AUTHORIZE_PAYMENT]');
        expect(await failed.textContent()).toContain('PAYMENT.DECLINED');
        expect(await page.locator('.timeline-step.kind-compensation').count()).toBe(1);
        await screenshot(page, 'storefront-timeline-compensated.png');
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an access token the gateway no longer accepts is renewed once with the refresh token, and the page loads',
    async () => {
      const { page, close } = await newShopper();
      try {
        await checkout(page, 'pm_card_visa');
        await page.click('button:has-text("Place order")');
        await openPlacedOrder(page);
        await page
          .locator('[data-testid=order-status]', { hasText: 'CONFIRMED' })
          .waitFor({ timeout: SAGA_TIMEOUT_MS });

        // As if 15 minutes had passed: the stored access token is one the gateway refuses.
        type StoredSession = { accessToken: string; refreshToken: string };
        const stored = async () =>
          page.evaluate(
            () => JSON.parse(sessionStorage.getItem('shop.session') ?? 'null') as StoredSession | null,
          );
        const before = (await stored()) as StoredSession;
        await page.evaluate(() => {
          const session = JSON.parse(sessionStorage.getItem('shop.session') ?? '{}') as StoredSession;
          sessionStorage.setItem(
            'shop.session',
            JSON.stringify({ ...session, accessToken: 'expired.token.value' }),
          );
        });
        const renewals: number[] = [];
        page.on('response', (response) => {
          if (response.url().endsWith('/v1/auth/refresh')) renewals.push(response.status());
        });

        await page.goto(`${gatewayUrl}/orders`); // the list call and nothing else needs the token
        await page.locator('table.orders tr').first().waitFor();
        expect(await page.getByText('Your session has ended').count()).toBe(0);
        expect(renewals).toEqual([200]);
        const after = (await stored()) as StoredSession;
        expect(after.accessToken).not.toBe('expired.token.value');
        expect(after.refreshToken).not.toBe(before.refreshToken); // rotated: the old one is spent
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a double submit (one Idempotency-Key) makes exactly one order',
    async () => {
      const { page, customer, close } = await newShopper();
      try {
        await checkout(page, 'pm_card_visa');
        await page.dblclick('button:has-text("Place order")');
        // Both answers are in: a 202 each (the second `Idempotent-Replayed`), or a 409 while the first ran.
        await page.locator('.submissions > li').nth(1).waitFor();
        expect(await page.locator('.submissions > li').count()).toBe(2);
        expect(await attributeOfEach(page.locator('.submissions > li'), 'data-kind')).toContain('placed');
        for (const status of await attributeOfEach(page.locator('.submissions .problem'), 'data-status')) {
          expect(status).toBe('409');
        }
        const orderIds = await page.locator('.submissions li[data-kind=placed] a').allTextContents();
        expect(new Set(orderIds).size).toBe(1);

        const session = await login(customer.email, customer.password);
        const orders = await gateway().get('/v1/orders').set(session.auth).expect(200);
        expect(orders.body.items.map((order: { orderId: string }) => order.orderId)).toEqual([orderIds[0]]);
      } finally {
        await close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows a banner while a fault knob is on, and hides it once the knob is cleared',
    async () => {
      // hang-ms only matters while timeout-rate is above 0, so the e2e specs beside this one
      // are not disturbed; it is a knob like any other for the banner.
      const context = await browser.newContext();
      const page = await context.newPage();
      const banner = page.getByRole('status', { name: 'fault knobs on' });
      try {
        await faultCli('set', 'provider.hang-ms', '29000');
        await page.goto(`${gatewayUrl}/`);
        await banner.waitFor();
        expect(await banner.textContent()).toContain('provider.hang-ms = 29000');
      } finally {
        await faultCli('clear', 'provider.hang-ms');
      }
      await banner.waitFor({ state: 'hidden' });
      await context.close();
    },
    TEST_TIMEOUT_MS,
  );
});
