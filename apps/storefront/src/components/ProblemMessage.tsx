import { ApiProblem } from '../api/problem';

/**
 * A failed call as the gateway explained it (problem+json): its detail and
 * code, what the status means for the customer, and the trace id to quote.
 * Field errors are shown next to their fields (FieldError), not here.
 */
export function ProblemMessage({ error, onUnauthorized }: { error: unknown; onUnauthorized?: () => void }) {
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return (
      <p className="problem" role="alert">
        The gateway could not be reached: {String(error)}
      </p>
    );
  }
  const { problem, retryAfterSeconds } = error;
  return (
    <div className="problem" role="alert" data-status={problem.status}>
      <strong>
        {problem.status} {problem.title}
      </strong>{' '}
      {problem.detail} {problem.code && <code>{problem.code}</code>}
      {hintFor(problem.status, retryAfterSeconds) && <p>{hintFor(problem.status, retryAfterSeconds)}</p>}
      {problem.status === 401 && onUnauthorized && (
        <p>
          Your session has ended. <button onClick={onUnauthorized}>Log in again</button>
        </p>
      )}
      {problem.traceId && <p className="muted">trace id: {problem.traceId}</p>}
    </div>
  );
}

function hintFor(status: number, retryAfterSeconds: number | null): string | null {
  const wait = retryAfterSeconds === null ? '' : ` Retry after ${retryAfterSeconds} s (Retry-After).`;
  if (status === 409)
    return `A conflict: the same request is still being processed, or the data changed.${wait}`;
  if (status === 422) return 'The request is well-formed but cannot be done as asked.';
  if (status === 429) return `Too many requests: the gateway's rate limit turned this one away.${wait}`;
  if (status === 503) return `A service is unavailable.${wait}`;
  return null;
}

/** The server's message for one request field, beside that field. */
export function FieldError({ error, field }: { error: unknown; field: string }) {
  const message = error instanceof ApiProblem ? error.fieldError(field) : undefined;
  return message ? (
    <span className="field-error" data-field={field}>
      {message}
    </span>
  ) : null;
}
