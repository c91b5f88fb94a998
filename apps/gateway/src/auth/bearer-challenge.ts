/**
 * The `WWW-Authenticate` value of a 401 (RFC 6750 section 3): without an error
 * code when no token was sent, `invalid_token` when one was refused.
 */
export function bearerChallenge(error?: 'invalid_token', description?: string): string {
  const params = ['realm="shop"'];
  if (error) params.push(`error="${error}"`);
  if (description) params.push(`error_description="${description.replace(/["\\]/g, '')}"`);
  return `Bearer ${params.join(', ')}`;
}
