import { useLab } from './support/lab';

// docs/labs/duplicate-delivery-and-inbox.md: the outbox rows of a confirmed order marked
// unsent, so order's relay sends them all again: the receivers count them as duplicates and
// nothing else changes (stock, charges, emails, the saga's history).
describe('lab: duplicate delivery and the inbox', () => {
  const lab = useLab('duplicate-delivery-and-inbox.md');

  /** The `state` block's lines: five JSON lines, then `<app> inbox_duplicates_total <n>`. */
  const stateOf = (stdout: string) => {
    const lines = stdout.trim().split('\n');
    const duplicates = Object.fromEntries(
      lines.slice(4).map((line) => [line.split(' ')[0], Number(line.split(' ')[2])]),
    );
    return { effects: lines.slice(0, 4).map((line) => JSON.parse(line) as unknown), duplicates };
  };

  it('6 messages sent again: 2 + 2 + 1 duplicates skipped, stock, charges and emails unchanged', async () => {
    await lab.step('order');
    const before = await lab.until('state', (stdout) => {
      const state = stateOf(stdout);
      const [order, , , mails] = state.effects as [{ status: string }, unknown, unknown, string[]];
      return order.status === 'CONFIRMED' && mails.length === 1 ? state : undefined;
    });
    expect(before.effects).toEqual([
      { status: 'CONFIRMED', steps: 9 },
      { available: 9, reserved: 0 },
      [{ amount_captured: 1_200 }],
      [`Your order ${await lab.variable('ORDER')} is confirmed`],
    ]);

    expect((await lab.step('redeliver')).trim()).toBe('UPDATE 6');

    const expected = { inventory: 2, payment: 2, notification: 1 };
    const after = await lab.until('state', (stdout) => {
      const state = stateOf(stdout);
      const counted = Object.entries(expected).every(
        ([app, n]) => (state.duplicates[app] ?? 0) - (before.duplicates[app] ?? 0) >= n,
      );
      return counted ? state : undefined;
    });
    for (const [app, n] of Object.entries(expected)) {
      expect([app, (after.duplicates[app] ?? 0) - (before.duplicates[app] ?? 0)]).toEqual([app, n]);
    }
    expect(after.effects).toEqual(before.effects);
  });
});
