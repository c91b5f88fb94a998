import { Metadata } from '@grpc/grpc-js';
import type { FieldError } from '@shop/shared-kernel';

/** Trailer carrying the AppError code across a gRPC hop (P17). */
export const ERROR_CODE_METADATA_KEY = 'error-code';
/** Field errors as UTF-8 JSON; `-bin` because messages may hold non-ASCII text. */
export const FIELD_ERRORS_METADATA_KEY = 'error-fields-bin';
/** Milliseconds until the same call can succeed (the gateway answers it as HTTP `Retry-After`). */
export const RETRY_AFTER_METADATA_KEY = 'retry-after-ms';

export function toErrorMetadata(
  code: string,
  fieldErrors: readonly FieldError[],
  retryAfterMs?: number,
): Metadata {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, code);
  if (fieldErrors.length > 0) {
    metadata.set(FIELD_ERRORS_METADATA_KEY, Buffer.from(JSON.stringify(fieldErrors), 'utf8'));
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
