/**
 * At most one call of `work` per key in flight in this process; concurrent
 * callers for the same key share its promise (request coalescing). 50
 * simultaneous misses on one product become one Redis read and at most one
 * database read.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const inFlight = this.flights.get(key);
    if (inFlight) return inFlight;
    const flight = work().finally(() => {
      // Only if it is still ours: forget() may have replaced it with a newer flight.
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    this.flights.set(key, flight);
    return flight;
  }

  /**
   * Callers arriving after this start a new flight instead of joining one that
   * may have read the old value: after an update returns, nobody in this
   * process is handed the value from before it.
   */
  forget(key: string): void {
    this.flights.delete(key);
  }

  get size(): number {
    return this.flights.size;
  }
}
