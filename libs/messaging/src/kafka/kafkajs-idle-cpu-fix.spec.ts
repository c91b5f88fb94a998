import RequestQueue from 'kafkajs/src/network/requestQueue/index.js';
import { pino } from 'pino';

import { createKafkaClient } from './kafka-client.factory';
import { idleRequestQueueArmsTimer, installKafkajsIdleCpuFix } from './kafkajs-idle-cpu-fix';

describe('kafkajs idle CPU fix (request queue spinning every 1 ms)', () => {
  const queues: RequestQueue[] = [];
  const queue = (): RequestQueue => {
    const created = new RequestQueue({ logger: undefined });
    queues.push(created);
    return created;
  };
  afterEach(() => {
    for (const created of queues.splice(0)) {
      if (created.throttleCheckTimeoutId) clearTimeout(created.throttleCheckTimeoutId);
    }
  });

  it('is still needed: unpatched kafkajs arms a timer on an idle queue (remove the fix once this fails)', () => {
    expect(idleRequestQueueArmsTimer()).toBe(true);
  });

  describe('installed by the Kafka client factory every service uses', () => {
    beforeAll(() => {
      const options = { brokers: ['127.0.0.1:1'], connectionTimeoutMs: 1000, requestTimeoutMs: 1000 };
      createKafkaClient(options, 'idle-cpu-spec', pino({ enabled: false }));
    });

    it('arms no timer when nothing waits and nothing is throttled', () => {
      expect(idleRequestQueueArmsTimer()).toBe(false);
    });

    it('still re-checks waiting requests', () => {
      const busy = queue();
      busy.pending.push({});
      busy.scheduleCheckPendingRequests();
      expect(busy.throttleCheckTimeoutId).not.toBeNull();
    });

    it('still waits out a broker throttle, then checks the queue', async () => {
      const throttled = queue();
      const checked = new Promise<void>((resolve) => {
        throttled.checkPendingRequests = () => resolve();
      });
      throttled.throttledUntil = Date.now() + 20;
      throttled.scheduleCheckPendingRequests();
      expect(throttled.throttleCheckTimeoutId).not.toBeNull();
      await checked;
    });

    it('is idempotent', () => {
      installKafkajsIdleCpuFix();
      expect(idleRequestQueueArmsTimer()).toBe(false);
    });
  });
});
