/**
 * The saga history ("STEP EVENT" lines) of an order that went through without a
 * hitch (docs/saga.md): what the domain engine records, what order stores, what
 * the gateway shows. Pure data with its own import path
 * (`@shop/testing/place-order-history`), so the order domain's unit tests can use
 * it without loading this library's database and Kafka helpers.
 */
export const HAPPY_PATH_STEPS = [
  'RESERVE_STOCK STARTED',
  'RESERVE_STOCK SUCCEEDED',
  'AUTHORIZE_PAYMENT STARTED',
  'AUTHORIZE_PAYMENT SUCCEEDED',
  'COMMIT_STOCK STARTED',
  'COMMIT_STOCK SUCCEEDED',
  'CAPTURE_PAYMENT STARTED',
  'CAPTURE_PAYMENT SUCCEEDED',
  'ORDER CONFIRMED',
];
