import { useDrill } from '../faults/support/drill';
import { useLab } from './support/lab';
import { putSystemBack } from './support/put-back';

// docs/labs/slo-burn-alert.md: on an empty Prometheus history, five slow (but CONFIRMED) sagas
// fire the saga-completion page; the provider fixed and 150 normal orders later, the page
// clears and the p99 ticket stays. The local Prometheus of `make up`, its generated rules.

/** What the `alerts` step printed: the saga-completion alerts, then the 5 m burn rates. */
interface SloState {
  readonly alerts: string[];
  readonly burnRates: Record<string, number>;
}

function sloState(stdout: string): SloState {
  const [alerts = '[]', burn = '[]'] = stdout.trim().split('\n');
  const rates = JSON.parse(burn) as Array<{ objective: string; burnRate: number }>;
  return {
    alerts: JSON.parse(alerts) as string[],
    burnRates: Object.fromEntries(rates.map(({ objective, burnRate }) => [objective, burnRate])),
  };
}

const PAGE_P99 = 'SLOErrorBudgetFastBurn p99-2000ms firing';
const TICKET_P99 = 'SLOErrorBudgetSlowBurn p99-2000ms firing';

describe('lab: SLO burn alert', () => {
  const drill = useDrill();
  const lab = useLab('slo-burn-alert.md', { restore: () => putSystemBack(drill) });

  it('a slow provider fires the saga-completion page; fixed and diluted, the page clears and the ticket stays', async () => {
    await lab.step('fresh-history', 120_000);
    const targets = await lab.until('targets', (stdout) => {
      const health = JSON.parse(stdout.trim()) as string[];
      return health.length > 0 && health.every((target) => target.endsWith(' up')) ? health : undefined;
    });
    expect(targets).toContain('order up');

    expect(sloState(await lab.step('alerts'))).toEqual({ alerts: [], burnRates: {} });

    const slow = await lab.step('slow-provider');
    expect(slow).toMatch(/^provider\.latency-ms: 0 -> 1500 \(on\)$/m);
    expect(slow.trim().split('\n').pop()).toBe('202 202 202 202 202');

    const paged = await lab.until(
      'alerts',
      (stdout) => (sloState(stdout).alerts.includes(PAGE_P99) ? sloState(stdout) : undefined),
      120_000,
    );
    expect(paged.alerts).toContain(TICKET_P99);
    // Every saga since the empty history was slow: the whole 1 % budget of every event, 100x.
    expect(paged.burnRates['p99-2000ms']).toBeGreaterThan(14.4);

    // The SLO page the lab points to shows the same. The other SLOs had no event since the empty
    // history (their ratios are 0/0): empty cells, not "NaN" marked as burning.
    const page = await (await fetch('http://127.0.0.1:9090/consoles/slo.html')).text();
    expect(page).toMatch(
      /<td>SLOErrorBudgetFastBurn<\/td><td>firing<\/td><td>page<\/td>\s*<td>saga-completion<\/td><td>p99-2000ms<\/td>/,
    );
    expect(page).not.toContain('NaN');

    const fixed = await lab.step('fix', 120_000);
    expect(fixed).toMatch(/^provider\.latency-ms: 1500 -> 0/m);
    expect(fixed.trim().split('\n').pop()?.trim()).toBe('150 202');

    const cleared = await lab.until(
      'alerts',
      (stdout) => {
        const state = sloState(stdout);
        return state.alerts.some((alert) => alert.startsWith('SLOErrorBudgetFastBurn')) ? undefined : state;
      },
      120_000,
    );
    expect(cleared.alerts).toContain(TICKET_P99);
    // 5 slow of 155: below the page's 14.4x (5 m) and 6x (30 m), above the ticket's 1x (6 h).
    expect(cleared.burnRates['p99-2000ms']).toBeLessThan(6);
  }, 420_000);
});
