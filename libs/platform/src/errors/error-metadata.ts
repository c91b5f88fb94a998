import { Metadata } from '@grpc/grpc-js';
import type { FieldError } from '@shop/shared-kernel';

/** Trailer carrying the AppError code across a gRPC hop (P17). */
export const ERROR_CODE_METADATA_KEY = 'error-code';
/** Field errors as UTF-8 JSON; `-bin` because messages may hold non-ASCII text. */
export const FIELD_ERRORS_METADATA_KEY = 'error-fields-bin';
/** Milliseconds until the same call can succeed (the gateway answers it as HTTP `Retry-After`). */
export const RETRY_AFTER_METADATA_KEY = 'retry-after-ms';

/**
 * A gRPC status travels in HTTP/2 trailers, and a client refuses a header block larger than its
 * limit (grpc-js: 8 KiB of metadata by default) by tearing down the whole connection: the call
 * fails with INTERNAL "Protocol error", and so does every later call on that channel. A message
 * that echoes a caller's input ("no product has sku <70,000 characters>") or a list of hundreds
 * of field errors did exactly that (issue 14, found by the gRPC property test). So what goes
 * into the trailers is bounded: the status message and the field errors each get a budget in
 * bytes, well under the limit together (the message is percent-encoded on the wire: x3 at most).
 */
export const STATUS_MESSAGE_BUDGET_BYTES = 512;
export const FIELD_ERRORS_BUDGET_BYTES = 2048;

/** The status message cut to its budget, on a character boundary, saying that it was cut. */
export function boundedStatusMessage(message: string): string {
  if (Buffer.byteLength(message, 'utf8') <= STATUS_MESSAGE_BUDGET_BYTES) return message;
  const suffix = ' [truncated]';
  let cut = '';
  for (const char of message) {
    if (Buffer.byteLength(cut + char + suffix, 'utf8') > STATUS_MESSAGE_BUDGET_BYTES) break;
    cut += char;
  }
  return cut + suffix;
}

/** As many field errors, each cut like a message, as fit the budget; the first ones first. */
function boundedFieldErrors(fieldErrors: readonly FieldError[]): string {
  const kept: FieldError[] = [];
  for (const error of fieldErrors) {
    const item = { field: boundedText(error.field, 128), message: boundedText(error.message, 256) };
    if (Buffer.byteLength(JSON.stringify([...kept, item]), 'utf8') > FIELD_ERRORS_BUDGET_BYTES) break;
    kept.push(item);
  }
  return JSON.stringify(kept);
}

const boundedText = (text: string, maxChars: number) =>
  text.length <= maxChars ? text : `${[...text].slice(0, maxChars).join('')} [truncated]`;

export function toErrorMetadata(
  code: string,
  fieldErrors: readonly FieldError[],
  retryAfterMs?: number,
): Metadata {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, code);
  if (fieldErrors.length > 0) {
    metadata.set(FIELD_ERRORS_METADATA_KEY, Buffer.from(boundedFieldErrors(fieldErrors), 'utf8'));
  }
  if (retryAfterMs !== undefined) metadata.set(RETRY_AFTER_METADATA_KEY, String(Math.ceil(retryAfterMs)));
  return metadata;
}

export function fromErrorMetadata(metadata: Metadata | undefined): {
  code?: string;
  fieldErrors: FieldError[];
  retryAfterMs?: number;
} {
  if (!metadata) return { fieldErrors: [] };
  const [code] = metadata.get(ERROR_CODE_METADATA_KEY);
  const [fields] = metadata.get(FIELD_ERRORS_METADATA_KEY);
  const [retryAfter] = metadata.get(RETRY_AFTER_METADATA_KEY);
  const retryAfterMs =
    typeof retryAfter === 'string' && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  return {
    code: typeof code === 'string' ? code : undefined,
    fieldErrors: parseFieldErrors(fields),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

function parseFieldErrors(raw: string | Buffer | undefined): FieldError[] {
  if (!Buffer.isBuffer(raw)) return [];
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is FieldError =>
        typeof item === 'object' &&
        item !== null &&
        typeof item.field === 'string' &&
        typeof item.message === 'string',
    );
  } catch {
    return [];
  }
}
