import { randomUUID } from 'node:crypto';
import { escapeHtml } from './email-content';
import { describeFailure } from './failure-reason';
import { formatMoney } from './format-money';
import { orderCancelledEmail } from './order-cancelled.template';
import { orderConfirmedEmail } from './order-confirmed.template';
import { paymentFailedEmail } from './payment-failed.template';
import { welcomeEmail } from './welcome.template';

const orderId = randomUUID();
const customerId = randomUUID();
const total = { amountMinor: 123456, currency: 'EUR' };
const at = '2026-01-02T03:04:05.000Z';

describe('email templates', () => {
  it('welcome greets the customer by name, in text and HTML', () => {
    const email = welcomeEmail({ name: 'Ada' });
    expect(email.subject).toBe('Welcome to the shop, Ada');
    expect(email.text).toContain('Hello Ada,');
    expect(email.html).toContain('<p>Hello Ada,</p>');
    expect(email.html).toMatch(/^<!doctype html>/);
  });

  it('order confirmed names the order and its total', () => {
    const email = orderConfirmedEmail({ name: 'Ada' }, { orderId, customerId, total, confirmedAt: at });
    expect(email.subject).toBe(`Your order ${orderId} is confirmed`);
    expect(email.text).toContain('€1,234.56');
    expect(email.html).toContain(orderId);
  });

  it('order cancelled carries the reason: a friendly line and the code and technical reason', () => {
    const email = orderCancelledEmail(
      { name: 'Ada' },
      {
        orderId,
        customerId,
        total,
        code: 'INVENTORY.OUT_OF_STOCK',
        reason: 'sku X: 0 left',
        cancelledAt: at,
      },
    );
    expect(email.subject).toBe(`Your order ${orderId} was cancelled`);
    expect(email.text).toContain(
      'Reason: An item in your order is out of stock. (INVENTORY.OUT_OF_STOCK: sku X: 0 left)',
    );
    expect(email.text).toContain('not been charged');
  });

  it('payment failed carries the amount and the reason', () => {
    const email = paymentFailedEmail(
      { name: 'Ada' },
      {
        paymentId: randomUUID(),
        orderId,
        customerId,
        amount: { amountMinor: 999, currency: 'USD' },
        code: 'PAYMENT.DECLINED',
        reason: 'card declined',
      },
    );
    expect(email.subject).toBe(`Payment for order ${orderId} failed`);
    expect(email.text).toContain('$9.99');
    expect(email.text).toContain('Your payment was declined. (PAYMENT.DECLINED: card declined)');
  });

  it('escapes everything interpolated into HTML (names and reasons come from outside)', () => {
    const email = orderCancelledEmail(
      { name: '<script>alert(1)</script>' },
      { orderId, customerId, total, code: 'X.Y', reason: '"><img src=x onerror=1>', cancelledAt: at },
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=1&gt;');
    // Plain text stays as written: it is not markup.
    expect(email.text).toContain('<script>alert(1)</script>');
  });

  it.each([
    ['&<>"\'', '&amp;&lt;&gt;&quot;&#39;'],
    ['plain', 'plain'],
  ])('escapeHtml(%j)', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});

describe('formatMoney: integer minor units, the currency decides the decimals', () => {
  it.each([
    [{ amountMinor: 123456, currency: 'EUR' }, '€1,234.56'],
    [{ amountMinor: 5, currency: 'USD' }, '$0.05'],
    [{ amountMinor: 0, currency: 'USD' }, '$0.00'],
    [{ amountMinor: 500, currency: 'JPY' }, '¥500'],
    [{ amountMinor: 1234, currency: 'KWD' }, 'KWD 1.234'],
    // Beyond float precision for a division by 100: still exact.
    [{ amountMinor: 9007199254740991, currency: 'USD' }, '$90,071,992,547,409.91'],
  ])('%j -> %s', (money, expected) => {
    expect(formatMoney(money).replace(/\u00a0/g, ' ')).toBe(expected);
  });
});

describe('describeFailure', () => {
  it('falls back to a generic line for unknown codes and omits an empty reason', () => {
    expect(describeFailure('SOMETHING.NEW', '  ')).toBe(
      'Something went wrong while processing your order. (SOMETHING.NEW)',
    );
  });
});
