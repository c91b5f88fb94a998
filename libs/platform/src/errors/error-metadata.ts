import { Metadata } from '@grpc/grpc-js';
import type { FieldError } from '@shop/shared-kernel';

/** Trailer carrying the AppError code across a gRPC hop (P17). */
export const ERROR_CODE_METADATA_KEY = 'error-code';
/** Field errors as UTF-8 JSON; `-bin` because messages may hold non-ASCII text. */
export const FIELD_ERRORS_METADATA_KEY = 'error-fields-bin';

export function toErrorMetadata(code: string, fieldErrors: readonly FieldError[]): Metadata {
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_METADATA_KEY, code);
  if (fieldErrors.length > 0) {
    metadata.set(FIELD_ERRORS_METADATA_KEY, Buffer.from(JSON.stringify(fieldErrors), 'utf8'));
  }
  return metadata;
}

export function fromErrorMetadata(metadata: Metadata | undefined): {
  code?: string;
  fieldErrors: FieldError[];
} {
  if (!metadata) return { fieldErrors: [] };
  const [code] = metadata.get(ERROR_CODE_METADATA_KEY);
  const [fields] = metadata.get(FIELD_ERRORS_METADATA_KEY);
  return { code: typeof code === 'string' ? code : undefined, fieldErrors: parseFieldErrors(fields) };
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
