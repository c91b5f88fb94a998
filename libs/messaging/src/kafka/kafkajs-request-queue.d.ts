// kafkajs ships no types for its internals; only what the idle-CPU fix touches.
declare module 'kafkajs/src/network/requestQueue/index.js' {
  class RequestQueue {
    constructor(options: { maxInFlightRequests?: number; requestTimeout?: number; logger: unknown });
    pending: unknown[];
    throttledUntil: number;
    throttleCheckTimeoutId: NodeJS.Timeout | null;
    scheduleCheckPendingRequests(): void;
    checkPendingRequests(): void;
  }
  export = RequestQueue;
}
