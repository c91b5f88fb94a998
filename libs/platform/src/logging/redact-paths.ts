// Secrets, card data and contact details never reach a log line. pino's redact paths have
// no recursive wildcard, so every sensitive key is listed at each nesting depth
// a log object realistically has (top level plus five levels: `*.password`,
// `*.*.password`, ...). Deeper nesting in a log call is itself a smell.
const SENSITIVE_KEYS = [
  'password',
  'passwordHash',
  'password_hash',
  'newPassword',
  'currentPassword',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'apiKey',
  'api_key',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  '"set-cookie"',
  '"x-api-key"',
  'cardNumber',
  'card_number',
  'pan',
  'cvc',
  'cvv',
  'securityCode',
  'security_code',
  // personal data: log ids, not contact details
  'email',
  'phone',
  'phoneNumber',
  'phone_number',
] as const;

const MAX_DEPTH = 5;

function pathFor(key: string, depth: number): string {
  const quoted = key.startsWith('"') ? `[${key}]` : `.${key}`;
  if (depth === 0) return key.startsWith('"') ? `[${key}]` : key;
  return `${Array.from({ length: depth }, () => '*').join('.')}${quoted}`;
}

/** Every `redact` path of the platform logger. */
export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.flatMap((key) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => pathFor(key, depth)),
);

export const REDACTED = '[REDACTED]';
