import { generateKeyPairSync } from 'node:crypto';

/** A fresh EC key pair for tests, as PKCS8 PEM (what JWT_PRIVATE_KEY holds). */
export function testSigningKeyPem(namedCurve: 'P-256' | 'P-384' = 'P-256'): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
