import { Metadata } from '@grpc/grpc-js';
import type { FieldError } from '@shop/shared-kernel';

/** Trailer carrying the AppError code across a gRPC hop. */
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

const TRUNCATED = ' [truncated]';

/** The text in at most `maxBytes` of UTF-8, cut on a character boundary and saying so. */
function truncated(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = Buffer.byteLength(TRUNCATED, 'utf8');
  let cut = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    cut += char;
  }
  return cut + TRUNCATED;
}

/** The status message cut to its budget. */
export const boundedStatusMessage = (message: string): string =>
  truncated(message, STATUS_MESSAGE_BUDGET_BYTES);

/** As many field errors, each cut like a message, as fit the budget; the first ones first. */
function boundedFieldErrors(fieldErrors: readonly FieldError[]): string {
  const kept: string[] = [];
  let bytes = 2; // the brackets of the JSON array
  for (const error of fieldErrors) {
    const item = JSON.stringify({
      field: truncated(error.field, 128),
      message: truncated(error.message, 256),
    });
    bytes += Buffer.byteLength(item, 'utf8') + (kept.length > 0 ? 1 : 0);
    if (bytes > FIELD_ERRORS_BUDGET_BYTES) break;
    kept.push(item);
  }
  return `[${kept.join(',')}]`;
}

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
