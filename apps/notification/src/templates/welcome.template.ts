import { compose, type Addressee, type EmailContent } from './email-content';

/** user.registered.v1 -> welcome. */
export const welcomeEmail = (to: Addressee): EmailContent =>
  compose(`Welcome to the shop, ${to.name}`, [
    `Hello ${to.name},`,
    'Your account is ready. Browse the catalogue and place your first order whenever you like.',
  ]);
