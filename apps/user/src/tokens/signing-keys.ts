import { createPublicKey } from 'node:crypto';
import { importPKCS8, type CryptoKey } from 'jose';
import { AccessTokenV1 } from '@shop/contracts';
import { parseSigningKey, type PublicJwk, type TokenConfig } from './signing-key.config';

export interface JwkSet {
  keys: PublicJwk[];
}

/**
 * The key that signs access tokens and the JWK Set that verifies them.
 *
 * Rotation without a logout wave: deploy the new key with a new JWT_KEY_ID and
 * put the old public JWK into JWT_PREVIOUS_PUBLIC_KEYS. Tokens signed by the old
 * key keep verifying (verifiers refetch the set on an unknown kid); after one
 * ACCESS_TOKEN_TTL_SECONDS no such token is left and the old key can go.
 */
export class SigningKeys {
  private constructor(
    readonly kid: string,
    readonly privateKey: CryptoKey,
    readonly jwks: JwkSet,
  ) {}

  static async fromConfig(
    config: Pick<TokenConfig, 'JWT_PRIVATE_KEY' | 'JWT_KEY_ID' | 'JWT_PREVIOUS_PUBLIC_KEYS'>,
  ): Promise<SigningKeys> {
    const keyObject = parseSigningKey(config.JWT_PRIVATE_KEY);
    const { x, y } = createPublicKey(keyObject).export({ format: 'jwk' });
    if (!x || !y) throw new Error('JWT_PRIVATE_KEY: cannot derive the public key');
    const current: PublicJwk = {
      kty: 'EC',
      crv: 'P-256',
      x,
      y,
      kid: config.JWT_KEY_ID,
      alg: AccessTokenV1.algorithm,
      use: 'sig',
    };
    const previous = (config.JWT_PREVIOUS_PUBLIC_KEYS ?? []).filter((key) => key.kid !== current.kid);
    // Non-extractable: the private key never leaves the crypto layer as bytes again.
    const privateKey = await importPKCS8(config.JWT_PRIVATE_KEY, AccessTokenV1.algorithm, {
      extractable: false,
    });
    return new SigningKeys(config.JWT_KEY_ID, privateKey, { keys: [current, ...previous] });
  }
}
