/** TEST-ONLY counters, so a test can act at a precise moment (e.g. kill a client while a call is in flight). */
export class SimulatorStats {
  /** Money-moving requests received (every attempt, faults included). */
  received = 0;
  /** Requests being processed right now (their idempotency key is in flight). */
  inFlight = 0;

  snapshot(): { received: number; inFlight: number } {
    return { received: this.received, inFlight: this.inFlight };
  }
}
