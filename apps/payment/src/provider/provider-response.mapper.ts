import { PaymentFailureCode, type AuthorizationFailureCode } from '@shop/payment-domain';
import type { BreakerSignal } from '@shop/platform';
import type { ProviderHttpResult } from './provider-http-client';
import { wireChargeSchema, wireErrorSchema, wireRefundSchema, type WireError } from './provider-wire';

// THE anti-corruption layer's translation table: provider statuses, HTTP
// codes and error codes in, this domain's outcomes out. Nothing else in the
// service knows the provider's words; `diagnostic` carries them to logs only.

/** A bounded label for metrics. */
export type AttemptResult =
  | 'success'
  | 'declined'
  | 'rejected'
  | 'timeout'
  | 'server_error'
  | 'network_error'
  | 'conflict'
  | 'invalid_response';

interface VerdictBase {
  /** How this attempt counts for the circuit breaker. */
  readonly breaker: BreakerSignal;
  readonly result: AttemptResult;
  /** Provider-side detail for logs; never put into replies or events. */
  readonly diagnostic?: string;
}

/** The attempt settled the call: no retry can change the answer. */
export interface FinalVerdict<T> extends VerdictBase {
  readonly kind: 'final';
  readonly outcome: T;
}

/** Worth retrying with the same idempotency key. */
export interface TransientVerdict extends VerdictBase {
  readonly kind: 'transient';
  readonly reason: string;
  /** The provider may have processed the request even though we got no usable answer. */
  readonly maybeProcessed: boolean;
}

export type AttemptVerdict<T> = FinalVerdict<T> | TransientVerdict;

export type AuthorizeAttempt =
  | { readonly kind: 'authorized'; readonly chargeId: string }
  | { readonly kind: 'failed'; readonly code: AuthorizationFailureCode; readonly reason: string };

export type SettleAttempt =
  { readonly kind: 'done' } | { readonly kind: 'rejected'; readonly reason: string };

/** What replaying an authorization tells about a hold to release. */
export type HoldAttempt = { readonly kind: 'held'; readonly chargeId: string } | { readonly kind: 'none' };

/** Card error codes -> why the payment failed, in our words. Unknown codes are declines. */
export const CARD_FAILURES: Readonly<Record<string, { code: AuthorizationFailureCode; reason: string }>> = {
  card_declined: { code: PaymentFailureCode.DECLINED, reason: 'the card was declined' },
  insufficient_funds: { code: PaymentFailureCode.DECLINED, reason: 'the card has insufficient funds' },
  processing_error: {
    code: PaymentFailureCode.PROVIDER_UNAVAILABLE,
    reason: 'the card processor could not process the card',
  },
  expired_card: { code: PaymentFailureCode.INVALID_PAYMENT_METHOD, reason: 'the card has expired' },
  invalid_number: { code: PaymentFailureCode.INVALID_PAYMENT_METHOD, reason: 'the card number is invalid' },
};
const UNKNOWN_CARD_FAILURE = { code: PaymentFailureCode.DECLINED, reason: 'the card was declined' };

export function mapAuthorizeAttempt(result: ProviderHttpResult): AttemptVerdict<AuthorizeAttempt> {
  const transient = transportFailure(result);
  if (transient || result.kind !== 'response') return transient ?? invalidResponse('no response');
  const { status, body } = result;
  if (status === 200) {
    const charge = wireChargeSchema.safeParse(body);
    if (!charge.success) return invalidResponse('unreadable charge');
    if (charge.data.status === 'requires_capture') {
      return final({ kind: 'authorized', chargeId: charge.data.id }, 'success');
    }
    if (charge.data.status === 'failed') return final(cardFailure(charge.data.failure_code), 'declined');
    // We always ask for capture: false; any other status is not an answer we understand.
    return invalidResponse(`unexpected charge status ${charge.data.status}`);
  }
  const error = wireError(body);
  if (status === 402) return final(cardFailure(error?.code ?? null), 'declined', error?.code);
  if (status < 500 && error?.code === 'resource_missing' && error.param === 'payment_method') {
    const reason = 'the payment method is unknown to the payment provider';
    return final({ kind: 'failed', code: PaymentFailureCode.INVALID_PAYMENT_METHOD, reason }, 'rejected');
  }
  // Any other 4xx: the provider refuses what we sent. A bug on our side; not retried.
  const reason = 'the payment provider rejected the authorization request';
  return final(
    { kind: 'failed', code: PaymentFailureCode.PROVIDER_UNAVAILABLE, reason },
    'rejected',
    diag(status, error),
  );
}

export function mapCaptureAttempt(result: ProviderHttpResult): AttemptVerdict<SettleAttempt> {
  return mapSettle(result, {
    ok: (body) => wireChargeSchema.safeParse(body).data?.captured === true,
    alreadyDone: ['charge_already_captured'],
    rejected: 'the authorization can no longer be captured at the provider',
  });
}

export function mapVoidAttempt(result: ProviderHttpResult): AttemptVerdict<SettleAttempt> {
  return mapSettle(result, {
    ok: (body) => wireChargeSchema.safeParse(body).data?.status === 'canceled',
    alreadyDone: ['charge_already_canceled'],
    rejected: 'the authorization can no longer be voided at the provider',
  });
}

export function mapRefundAttempt(result: ProviderHttpResult): AttemptVerdict<SettleAttempt> {
  return mapSettle(result, {
    ok: (body) => wireRefundSchema.safeParse(body).data?.status === 'succeeded',
    alreadyDone: ['charge_already_refunded'],
    rejected: 'the payment can no longer be refunded at the provider',
  });
}

/** Replaying the authorization (same key, same body) reveals whether a hold exists. */
export function mapHoldLookup(result: ProviderHttpResult): AttemptVerdict<HoldAttempt> {
  const transient = transportFailure(result);
  if (transient || result.kind !== 'response') return transient ?? invalidResponse('no response');
  if (result.status === 200) {
    const charge = wireChargeSchema.safeParse(result.body);
    if (!charge.success) return invalidResponse('unreadable charge');
    if (charge.data.status === 'requires_capture')
      return final({ kind: 'held', chargeId: charge.data.id }, 'success');
    return final({ kind: 'none' }, 'success', `charge is ${charge.data.status}`);
  }
  // Declined or refused: no hold was ever placed.
  return final({ kind: 'none' }, 'success', diag(result.status, wireError(result.body)));
}

function mapSettle(
  result: ProviderHttpResult,
  rules: { ok: (body: unknown) => boolean; alreadyDone: readonly string[]; rejected: string },
): AttemptVerdict<SettleAttempt> {
  const transient = transportFailure(result);
  if (transient || result.kind !== 'response') return transient ?? invalidResponse('no response');
  if (result.status === 200) {
    return rules.ok(result.body) ? final({ kind: 'done' }, 'success') : invalidResponse('unexpected answer');
  }
  const error = wireError(result.body);
  // Converged: a previous attempt (or the other side of a crash) already did it.
  if (error?.code && rules.alreadyDone.includes(error.code))
    return final({ kind: 'done' }, 'success', error.code);
  return final({ kind: 'rejected', reason: rules.rejected }, 'rejected', diag(result.status, error));
}

/** Timeouts, network errors, 5xx, 429 and 409 (same key still in flight): retry with the same key. */
function transportFailure(result: ProviderHttpResult): TransientVerdict | undefined {
  if (result.kind === 'timeout') {
    return transient('the payment provider did not answer in time', true, 'failure', 'timeout');
  }
  if (result.kind === 'network') {
    const reason = 'the payment provider could not be reached';
    return transient(reason, result.reachedServer, 'failure', 'network_error', result.message);
  }
  const { status } = result;
  if (status >= 500) {
    const reason = 'the payment provider failed';
    return transient(reason, true, 'failure', 'server_error', diag(status, wireError(result.body)));
  }
  if (status === 409) {
    // Our earlier attempt with this key is still running there: ask again later.
    return transient('the previous attempt is still in progress', true, 'ignore', 'conflict');
  }
  if (status === 429) return transient('the payment provider is rate limiting', false, 'ignore', 'conflict');
  return undefined;
}

function cardFailure(code: string | null): AuthorizeAttempt {
  return { kind: 'failed', ...(CARD_FAILURES[code ?? ''] ?? UNKNOWN_CARD_FAILURE) };
}

function wireError(body: unknown): WireError | undefined {
  return wireErrorSchema.safeParse(body).data?.error;
}

const diag = (status: number, error: WireError | undefined) => `${status} ${error?.code ?? 'no error code'}`;

function final<T>(outcome: T, result: AttemptResult, diagnostic?: string): FinalVerdict<T> {
  // A business answer (even a decline) proves the provider is healthy.
  return { kind: 'final', outcome, breaker: 'success', result, ...(diagnostic ? { diagnostic } : {}) };
}

function transient(
  reason: string,
  maybeProcessed: boolean,
  breaker: BreakerSignal,
  result: AttemptResult,
  diagnostic?: string,
): TransientVerdict {
  return {
    kind: 'transient',
    reason,
    maybeProcessed,
    breaker,
    result,
    ...(diagnostic ? { diagnostic } : {}),
  };
}

function invalidResponse(diagnostic: string): TransientVerdict {
  return transient(
    'the payment provider sent an answer we do not understand',
    true,
    'failure',
    'invalid_response',
    diagnostic,
  );
}
