/**
 * A Map that never grows past `maxEntries`: the oldest entry is evicted first
 * (insertion order), and entries older than `ttlMs` read as absent. The
 * simulator keeps everything in memory, so every store must be bounded.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be >= 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores or replaces; a replaced entry keeps its original age (and eviction slot). */
  set(key: K, value: V): void {
    const existing = this.entries.get(key);
    if (existing) {
      existing.value = value;
      return;
    }
    this.entries.set(key, { value, storedAt: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  *values(): IterableIterator<V> {
    for (const [key, entry] of this.entries) {
      if (this.now() - entry.storedAt < this.ttlMs) yield entry.value;
      else this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
