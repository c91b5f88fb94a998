import { faultCli, startKafka } from '../faults/support/system';
import { useLab } from './support/lab';

// docs/labs/kafka-outage-and-outbox-drain.md: with the broker stopped three orders are still
// accepted, their events and first commands wait in order's outbox; Kafka back, the outbox
// drains and every saga finishes (CONFIRMED, or timed out and compensated, as the drill allows).
describe('lab: Kafka outage and outbox drain', () => {
  const lab = useLab('kafka-outage-and-outbox-drain.md', {
    restore: async () => {
      await startKafka(); // nothing if it runs, the end of the outage if the lab stopped half-way
      await faultCli('list');
    },
  });

  it('202 x3 during the outage, 6 rows wait in the outbox; Kafka back: drained, every order finished, one email each', async () => {
    const accepted = await lab.step('outage', 120_000);
    expect(accepted).toMatch(/^kafka\.outage: off -> on \(on\)$/m);
    expect(accepted.trim().split('\n').slice(-3)).toEqual(['202', '202', '202']);

    const [statuses, ...backlog] = (await lab.step('backlog')).trim().split('\n');
    expect(JSON.parse(statuses ?? '[]')).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect(backlog).toEqual(['shop.inventory.reserve-stock.v1|3', 'shop.order.created.v1|3']);

    await lab.step('recover', 120_000);
    const drained = await lab.until(
      'drained',
      (stdout) => {
        const [orders = '[]', pending = '', mails = ''] = stdout.trim().split('\n');
        const views = JSON.parse(orders) as Array<{ status: string; cancellation: string | null }>;
        const done = views.every((order) => order.status !== 'PENDING') && pending === '0' && mails === '3';
        return done ? views : undefined;
      },
      120_000,
    );
    expect(drained).toHaveLength(3);
    for (const order of drained) {
      expect([
        { status: 'CONFIRMED', cancellation: null },
        { status: 'CANCELLED', cancellation: 'ORDER.STEP_TIMED_OUT' },
      ]).toContainEqual(order);
    }
  }, 300_000);
});
