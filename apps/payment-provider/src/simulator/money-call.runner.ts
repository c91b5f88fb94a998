import { Injectable } from '@nestjs/common';
import type { Counter } from '@opentelemetry/api';
import { getMeter, ServiceLifecycle } from '@shop/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProviderApiError } from '../api/provider-api.error';
import { fingerprintOf, IdempotencyStore, type StoredResponse } from '../idempotency/idempotency.store';
import { Knobs } from './knobs';
import { SimulatorStats } from './simulator-stats';

const MAX_KEY_LENGTH = 255;
const SHUTDOWN_POLL_MS = 100;

/**
 * Every money-moving call (charge, capture, cancel, refund) runs through here:
 *   1. Idempotency-Key required;
 *   2. failure knob: 500, NOT processed (nothing stored: the retry runs it);
 *   3. idempotency: 422 for the key with another request, 409 while the key's
 *      first request is still being processed, else replay or execute and store;
 *   4. latency knob: processing time, with the key held "in flight" meanwhile;
 *   5. timeout knob: processed, but the answer is held until the client gives
 *      up - the ambiguous case idempotency keys exist for.
 */
@Injectable()
export class MoneyCallRunner {
  private readonly faults: Counter;

  constructor(
    private readonly knobs: Knobs,
    private readonly idempotency: IdempotencyStore,
    private readonly lifecycle: ServiceLifecycle,
    private readonly stats: SimulatorStats,
  ) {
    this.faults = getMeter().createCounter('simulator_faults_injected_total', {
      description: 'Faults the payment-provider simulator injected, by kind',
    });
  }

  async run(
    request: FastifyRequest,
    reply: FastifyReply,
    body: unknown,
    execute: () => unknown,
  ): Promise<unknown> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw ProviderApiError.invalidRequest(
        'idempotency_key_missing',
        `Money-moving requests need an Idempotency-Key header of 1-${MAX_KEY_LENGTH} characters.`,
        'Idempotency-Key',
      );
    }
    this.stats.received += 1;
    const { latencyMs, hangMs } = this.knobs.values;
    if (this.knobs.drawFailure()) {
      this.faults.add(1, { fault: 'failure' });
      return this.send(reply, {
        status: 500,
        body: {
          error: { type: 'api_error', code: 'internal_error', message: 'Simulated provider failure.' },
        },
      });
    }

    const fingerprint = fingerprintOf(request.method, request.url.split('?')[0] ?? '', body);
    const claim = this.idempotency.claim(key, fingerprint);
    let response: StoredResponse;
    if (claim.kind === 'mismatch') {
      response = idempotencyError(
        422,
        'idempotency_key_reuse',
        'This key was used with different parameters.',
      );
    } else if (claim.kind === 'in_flight') {
      response = idempotencyError(
        409,
        'idempotency_key_in_use',
        'A request with this key is still in progress.',
      );
    } else {
      this.stats.inFlight += 1;
      try {
        if (latencyMs > 0) await this.hold(latencyMs);
        if (claim.kind === 'replay') {
          reply.header('idempotent-replayed', 'true');
          response = claim.response;
        } else {
          response = this.execute(key, fingerprint, execute);
        }
      } finally {
        this.stats.inFlight -= 1;
      }
    }

    if (this.knobs.drawTimeout()) {
      this.faults.add(1, { fault: 'timeout' });
      await this.hold(hangMs, reply);
    }
    return this.send(reply, response);
  }

  private execute(key: string, fingerprint: string, execute: () => unknown): StoredResponse {
    let response: StoredResponse;
    try {
      response = { status: 200, body: execute() };
    } catch (error) {
      if (!(error instanceof ProviderApiError)) {
        this.idempotency.abandon(key);
        throw error;
      }
      response = { status: error.status, body: error.body };
    }
    this.idempotency.complete(key, fingerprint, response);
    return response;
  }

  private send(reply: FastifyReply, response: StoredResponse): unknown {
    reply.status(response.status);
    return response.body;
  }

  /**
   * Waits `ms`, cut short by shutdown (so a hung request never holds up a
   * graceful drain) or, when `reply` is given, by the client hanging up.
   */
  private hold(ms: number, reply?: FastifyReply): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        reply?.raw.off('close', finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      const poll = setInterval(() => this.lifecycle.isShuttingDown && finish(), SHUTDOWN_POLL_MS);
      reply?.raw.once('close', finish);
    });
  }
}

function idempotencyError(status: number, code: string, message: string): StoredResponse {
  return { status, body: { error: { type: 'idempotency_error', code, message } } };
}
