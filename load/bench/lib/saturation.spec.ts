import { bestHeld, nextRate, type Probe, type SearchOptions } from './saturation.ts';

const options: SearchOptions = { start: 10, factor: 2, max: 400, min: 2, maxProbes: 8, resolution: 0.15 };

/** Runs the search against a system that holds up to `capacity` (exclusive). */
function search(capacity: number, opts = options): Probe[] {
  const probes: Probe[] = [];
  for (let rate = nextRate(probes, opts); rate !== undefined; rate = nextRate(probes, opts))
    probes.push({ rate, ok: rate < capacity });
  return probes;
}

describe('the saturation search', () => {
  it('climbs the ladder while probes hold, then bisects between the last held and the first broken rate', () => {
    const probes = search(55);
    expect(probes.map((p) => p.rate)).toEqual([10, 20, 40, 80, 60, 50, 55]);
    expect(bestHeld(probes)?.rate).toBe(50);
  });

  it('stops at the cap when everything holds', () => {
    const probes = search(10_000);
    expect(probes.map((p) => p.rate)).toEqual([10, 20, 40, 80, 160, 320, 400]);
    expect(bestHeld(probes)?.rate).toBe(400);
  });

  it('steps down when even the first rate breaks, then bisects; nothing held above the minimum: undefined', () => {
    expect(search(6).map((p) => p.rate)).toEqual([10, 5, 8, 7, 6]);
    expect(bestHeld(search(6))?.rate).toBe(5);
    const none = search(1);
    expect(none.map((p) => p.rate)).toEqual([10, 5, 3, 2]);
    expect(bestHeld(none)).toBeUndefined();
  });

  it('never exceeds its probe budget', () => {
    expect(search(333, { ...options, maxProbes: 4 })).toHaveLength(4);
  });

  it('ignores a held probe above a broken one (noise): the best is below every broken rate', () => {
    const probes: Probe[] = [
      { rate: 40, ok: true },
      { rate: 80, ok: false },
      { rate: 60, ok: true },
      { rate: 70, ok: false },
      { rate: 90, ok: true },
    ];
    expect(bestHeld(probes)?.rate).toBe(60);
    expect(nextRate(probes, { ...options, maxProbes: 20, resolution: 0.1 })).toBe(65);
  });
});
