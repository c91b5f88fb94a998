import { createPrivateKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * Env files hold one line per variable, so a PEM is usually written with `\n`
 * escapes (deploy/local/user.env, the Kubernetes secret); real newlines (a
 * compose block scalar, a mounted secret) work too.
 */
export const unescapePem = (value: string): string => value.replace(/\\n/g, '\n').trim();

/** An EC P-256 private key: what ES256 signs with. Anything else fails at start-up. */
export function parseSigningKey(pem: string): KeyObject {
  const key = createPrivateKey({ key: pem, format: 'pem' });
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('not an EC P-256 key');
  }
  return key;
}

/** A public key of a JWK Set as this service publishes it. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;

const publicJwk = z
  .looseObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().min(1),
    y: z.string().min(1),
    kid: z.string().regex(KID, 'kid must be 1-64 characters [A-Za-z0-9._-]'),
  })
  // A private JWK has `d`: publishing it would hand out the signing key.
  .refine((jwk) => !('d' in jwk), 'must be a PUBLIC key (no "d" member)')
  .transform(({ kty, crv, x, y, kid }): PublicJwk => ({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }));

/** `[{jwk}, ...]` or `{"keys": [...]}`. */
const previousKeys = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON: a JWK array or {"keys": [...]}' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .union([z.array(z.unknown()), z.object({ keys: z.array(z.unknown()) })])
      .transform((value) => (Array.isArray(value) ? value : value.keys))
      .pipe(z.array(publicJwk).max(5, 'publish at most 5 previous keys')),
  );

/** Token settings of the user service (validated at start-up, the key included). */
export const tokenConfigSchema = z.object({
  /**
   * PKCS8 PEM of the EC P-256 key that signs access tokens (ES256). A SECRET:
   * from a secret manager in production; the committed value is a LOCAL DEMO key.
   */
  JWT_PRIVATE_KEY: z
    .string()
    .transform(unescapePem)
    .refine((pem) => {
      try {
        parseSigningKey(pem);
        return true;
      } catch {
        return false;
      }
    }, 'must be a PKCS8 PEM of an EC P-256 private key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)'),
  /** `kid` of that key: verifiers pick the key by it. Change it with every new key. */
  JWT_KEY_ID: z.string().regex(KID, 'must be 1-64 characters [A-Za-z0-9._-]'),
  /** Public JWKs of retired keys, still published until the tokens they signed have expired. */
  JWT_PREVIOUS_PUBLIC_KEYS: previousKeys.optional(),
  /** Lifetime of an access token: short, because it cannot be revoked. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
  /** Lifetime of each refresh token (sliding: every rotation starts a new one). */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(7 * 86_400),
});

export type TokenConfig = z.infer<typeof tokenConfigSchema>;
