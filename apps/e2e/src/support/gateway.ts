import request from 'supertest';

/** The running gateway (make up / scripts/local/up.sh). Override with GATEWAY_URL. */
export const gatewayUrl = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:8080';
export const gateway = () => request(gatewayUrl);

/** A unique, valid registration so tests never collide with each other or with reruns. */
export function newCustomer() {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { email: `e2e-${id}@example.com`, password: 'correct horse battery', name: `E2E ${id}` };
}
