import { z } from 'zod';

/**
 * The access token contract between its issuer (the user service) and every
 * verifier (the gateway; in Kubernetes also Istio's RequestAuthentication, see
 * deploy/istio/request-authentication.yaml). A JWT signed with an asymmetric key:
 * verifiers hold only public keys (JWKS), so none of them can mint tokens.
 *
 * Verifiers pin all of these: the algorithm (never taken from the token, which
 * would allow `alg: none` or HMAC-with-the-public-key confusion), issuer,
 * audience and type (`at+jwt`, RFC 9068, so no other JWT is accepted as an access token).
 */
export const AccessTokenV1 = {
  issuer: 'shop-user',
  audience: 'shop',
  algorithm: 'ES256',
  type: 'at+jwt',
  roles: ['customer', 'admin'] as const,
  /** The claims the gateway relies on, checked after the signature. */
  claims: z.object({
    sub: z.uuid(),
    email: z.string().min(1).max(254),
    roles: z.array(z.enum(['customer', 'admin'])).min(1),
    jti: z.string().min(1),
  }),
} as const;

export type AccessTokenRole = (typeof AccessTokenV1.roles)[number];
export type AccessTokenClaimsV1 = z.infer<typeof AccessTokenV1.claims>;
