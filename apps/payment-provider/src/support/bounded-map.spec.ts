import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('evicts the oldest entries beyond the bound', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBeUndefined();
    expect([...map.values()]).toEqual([2, 3]);
  });

  it('replacing a value keeps the entry and its age', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe(2);
  });

  it('entries older than the TTL read as absent', () => {
    let now = 0;
    const map = new BoundedMap<string, number>(10, 1_000, () => now);
    map.set('a', 1);
    now = 999;
    expect(map.get('a')).toBe(1);
    now = 1_000;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('refuses a bound below one', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
  });
});
