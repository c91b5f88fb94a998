/** Why a send failed, as the retry policy needs it. */
export interface SendFailure {
  /** A 5xx reply to the envelope or the message: sending the same message again gets the same answer. */
  readonly permanent: boolean;
  /** Short, loggable, stored in `last_error` and the dead-letter event (no message content). */
  readonly message: string;
}

const MAX_ERROR_LENGTH = 500;

/**
 * Classifies a transport error (nodemailer's `code` and SMTP `responseCode`).
 * Permanent only when the server refused this message or its recipients with a
 * 5yz reply (RFC 5321), 503 (bad command sequence) excepted. Everything else is
 * transient and retried: connection refused, timeouts, 4yz replies, aborts, and
 * authentication failures (a configuration problem that an operator fixes; the
 * retries give them time, and the dead-letter topic keeps what could not wait).
 */
export function classifySendFailure(error: unknown): SendFailure {
  const { code, responseCode, message } = (error ?? {}) as {
    code?: unknown;
    responseCode?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' && message ? message : String(error);
  const label = typeof code === 'string' ? `${code}: ${text}` : text;
  const rejected =
    (code === 'EENVELOPE' || code === 'EMESSAGE') &&
    typeof responseCode === 'number' &&
    responseCode >= 500 &&
    responseCode < 600 &&
    responseCode !== 503;
  return { permanent: rejected, message: label.slice(0, MAX_ERROR_LENGTH) };
}
