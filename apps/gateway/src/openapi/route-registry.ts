import { AuthHttpController } from '../auth/auth.http-controller';
import { loginBody, refreshTokenBody } from '../auth/auth.schemas';
import { JwksHttpController } from '../auth/jwks.http-controller';
import { MeHttpController } from '../me/me.http-controller';
import { addAddressBody, updateMeBody } from '../me/me.schemas';
import { NotificationsHttpController } from '../notifications/notifications.http-controller';
import { listNotificationsQuery } from '../notifications/notifications.schemas';
import { OrdersHttpController } from '../orders/orders.http-controller';
import { listOrdersQuery, orderIdParam, placeOrderBody } from '../orders/orders.schemas';
import { AdminProductsHttpController } from '../products/admin-products.http-controller';
import { ProductsHttpController } from '../products/products.http-controller';
import {
  createProductBody,
  listProductsQuery,
  productIdParam,
  setStockBody,
  skuParam,
  updateProductBody,
} from '../products/products.schemas';
import { UsersHttpController } from '../users/users.http-controller';
import { registerUserBody, userIdParam } from '../users/users.schemas';
import { HEADERS, idempotencyKeyHeader } from './http-responses';
import { OpenApiHttpController } from './openapi.http-controller';
import { operation, type AnyOperation } from './operation';
import * as json from './response-schemas';

// Every HTTP route of the gateway, in document order. Request schemas are the
// ones the handlers validate with; response schemas are checked against the
// handlers' return types by `operation(...)`. A route missing here fails
// route-coverage.spec.ts and openapi.int-spec.ts.

const user = { name: 'UserProfile', schema: json.userProfileJson };
const product = { name: 'Product', schema: json.productJson };
const stockLevel = { name: 'StockLevel', schema: json.stockLevelJson };
const order = { name: 'Order', schema: json.orderJson };
const refreshTokenRequest = { name: 'RefreshTokenRequest', schema: refreshTokenBody };

export const OPERATIONS: readonly AnyOperation[] = [
  operation({
    controller: AuthHttpController,
    handler: 'login',
    operationId: 'login',
    tag: 'Auth',
    summary: 'Log in: an access token and a refresh token',
    body: { name: 'LoginRequest', schema: loginBody },
    response: {
      name: 'LoginResponse',
      schema: json.loginResponseJson,
      description: 'Logged in.',
      headers: { 'Cache-Control': HEADERS.noStore },
    },
    errors: {
      401: 'Wrong email or password (`USER.INVALID_CREDENTIALS`): one answer for both, so emails cannot be probed.',
    },
  }),
  operation({
    controller: AuthHttpController,
    handler: 'refresh',
    operationId: 'refreshToken',
    tag: 'Auth',
    summary: 'Rotate the refresh token: a new token pair',
    description: 'The refresh token is single use; presenting a spent one revokes its whole family.',
    body: refreshTokenRequest,
    response: {
      name: 'TokenPair',
      schema: json.tokenPairJson,
      description: 'A new token pair; the old refresh token is spent.',
      headers: { 'Cache-Control': HEADERS.noStore },
    },
    errors: {
      401: 'Unknown, spent, revoked or expired refresh token (`USER.INVALID_REFRESH_TOKEN`): log in again.',
    },
  }),
  operation({
    controller: AuthHttpController,
    handler: 'logout',
    operationId: 'logout',
    tag: 'Auth',
    summary: "Log out: revoke the refresh token's family",
    description: 'Always 204, also for an unknown or already revoked token.',
    body: refreshTokenRequest,
  }),
  operation({
    controller: JwksHttpController,
    handler: 'jwks',
    operationId: 'getJwks',
    tag: 'Auth',
    summary: 'The public keys that verify access tokens (JWKS)',
    response: {
      name: 'JsonWebKeySet',
      schema: json.jwksJson,
      description: 'The current keys, served from the gateway cache.',
      headers: {
        'Cache-Control': {
          description: '`public, max-age=<JWKS_CACHE_TTL_SECONDS>`.',
          schema: { type: 'string' },
        },
      },
    },
    errors: { 503: 'The keys could not be loaded from the user service (`AUTH.KEYS_UNAVAILABLE`).' },
  }),

  operation({
    controller: UsersHttpController,
    handler: 'register',
    operationId: 'registerUser',
    tag: 'Users',
    summary: 'Register a customer account',
    body: { name: 'RegisterUserRequest', schema: registerUserBody },
    response: {
      ...user,
      description: 'Registered; a welcome email follows.',
      headers: { Location: HEADERS.location('/v1/users/{userId}') },
    },
    errors: {
      400: 'Invalid fields (`REQUEST.INVALID`): every rule of the user service is in the schema.',
      409: 'The email is already registered (`USER.EMAIL_TAKEN`).',
    },
  }),
  operation({
    controller: UsersHttpController,
    handler: 'get',
    operationId: 'getUser',
    tag: 'Users',
    summary: 'Any user by id (administration)',
    params: { userId: userIdParam },
    response: { ...user, description: 'The user.' },
    errors: { 404: 'No such user (`USER.NOT_FOUND`).' },
  }),

  operation({
    controller: MeHttpController,
    handler: 'get',
    operationId: 'getMe',
    tag: 'Me',
    summary: "The caller's profile",
    response: { ...user, description: 'The profile of the token user.' },
  }),
  operation({
    controller: MeHttpController,
    handler: 'update',
    operationId: 'updateMe',
    tag: 'Me',
    summary: "Change the caller's name",
    body: { name: 'UpdateMeRequest', schema: updateMeBody },
    response: { ...user, description: 'The updated profile.' },
  }),
  operation({
    controller: MeHttpController,
    handler: 'listAddresses',
    operationId: 'listMyAddresses',
    tag: 'Me',
    summary: "The caller's addresses",
    response: { name: 'AddressList', schema: json.addressListJson, description: 'All addresses.' },
  }),
  operation({
    controller: MeHttpController,
    handler: 'addAddress',
    operationId: 'addMyAddress',
    tag: 'Me',
    summary: 'Add an address',
    body: { name: 'AddAddressRequest', schema: addAddressBody },
    response: { name: 'Address', schema: json.addressJson, description: 'The new address.' },
    errors: { 422: 'The caller already has the maximum number of addresses (`USER.ADDRESS_LIMIT_REACHED`).' },
  }),
  operation({
    controller: NotificationsHttpController,
    handler: 'list',
    operationId: 'listMyNotifications',
    tag: 'Me',
    summary: 'The emails the shop sent (or will send) the caller, newest first',
    query: listNotificationsQuery,
    response: {
      name: 'NotificationPage',
      schema: json.notificationPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid `limit` (`REQUEST.INVALID`), or a cursor this list did not issue to the caller (`NOTIFICATION.INVALID_CURSOR`).',
    },
  }),

  operation({
    controller: ProductsHttpController,
    handler: 'list',
    operationId: 'listProducts',
    tag: 'Catalog',
    summary: 'Browse and filter the catalog',
    query: listProductsQuery,
    response: {
      name: 'ProductPage',
      schema: json.productPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid filters (`REQUEST.INVALID`), or a cursor this list did not issue for these filters (`INVENTORY.INVALID_CURSOR`).',
    },
  }),
  operation({
    controller: ProductsHttpController,
    handler: 'getBySku',
    operationId: 'getProductBySku',
    tag: 'Catalog',
    summary: 'A product by its SKU',
    params: { sku: skuParam },
    response: { ...product, description: 'The product.' },
    errors: { 404: 'No product has this SKU (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  }),
  operation({
    controller: ProductsHttpController,
    handler: 'get',
    operationId: 'getProduct',
    tag: 'Catalog',
    summary: 'A product by id',
    params: { productId: productIdParam },
    response: { ...product, description: 'The product (served from the cache when warm).' },
    errors: { 404: 'No such product (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  }),

  operation({
    controller: AdminProductsHttpController,
    handler: 'create',
    operationId: 'createProduct',
    tag: 'Catalog admin',
    summary: 'Create a product',
    body: { name: 'CreateProductRequest', schema: createProductBody },
    response: {
      ...product,
      description: 'Created (with no stock: set it with PUT .../stock).',
      headers: { Location: HEADERS.location('/v1/products/{productId}') },
    },
    errors: {
      400: 'Invalid fields (`REQUEST.INVALID`): every rule of inventory is in the schema.',
      409: 'A product with this SKU exists (`INVENTORY.SKU_TAKEN`).',
    },
  }),
  operation({
    controller: AdminProductsHttpController,
    handler: 'update',
    operationId: 'updateProduct',
    tag: 'Catalog admin',
    summary: 'Change name, description, price or active flag',
    description: 'Only the fields sent change. The product cache entry is invalidated.',
    params: { productId: productIdParam },
    body: { name: 'UpdateProductRequest', schema: updateProductBody },
    response: { ...product, description: 'The updated product.' },
    errors: { 404: 'No such product (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  }),
  operation({
    controller: AdminProductsHttpController,
    handler: 'setStock',
    operationId: 'setStock',
    tag: 'Catalog admin',
    summary: 'Set the available stock of a product',
    params: { productId: productIdParam },
    body: { name: 'SetStockRequest', schema: setStockBody },
    response: { ...stockLevel, description: 'The stock level now.' },
    errors: { 404: 'No such product (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  }),
  operation({
    controller: AdminProductsHttpController,
    handler: 'getStock',
    operationId: 'getStock',
    tag: 'Catalog admin',
    summary: 'The stock level of a product',
    params: { productId: productIdParam },
    response: { ...stockLevel, description: 'Available and reserved units.' },
    errors: { 404: 'No such product (`INVENTORY.PRODUCT_NOT_FOUND`).' },
  }),

  operation({
    controller: OrdersHttpController,
    handler: 'place',
    operationId: 'placeOrder',
    tag: 'Orders',
    summary: 'Place an order (idempotent with Idempotency-Key)',
    description:
      'Accepted as PENDING with the current prices; the saga then reserves stock, authorizes and ' +
      'captures the payment, and confirms or cancels the order. Poll the `Location` until the ' +
      'status is CONFIRMED or CANCELLED.',
    headers: [idempotencyKeyHeader],
    body: { name: 'PlaceOrderRequest', schema: placeOrderBody },
    response: {
      ...order,
      description:
        'Accepted: the order is PENDING while its saga runs. A replay answers the original 202 and body.',
      headers: {
        Location: { ...HEADERS.location('/v1/orders/{orderId}'), required: true },
        'Idempotent-Replayed': HEADERS.idempotentReplayed,
      },
    },
    errors: {
      400:
        'Missing or malformed Idempotency-Key (`ORDER.IDEMPOTENCY_KEY_MISSING`, `ORDER.IDEMPOTENCY_KEY_INVALID`), ' +
        'invalid fields (`REQUEST.INVALID`), a product twice (`ORDER.INVALID_INPUT`) or a product that does not ' +
        'exist (`ORDER.UNKNOWN_PRODUCT`). Nothing was written.',
      409: {
        description:
          'A request with this Idempotency-Key is still in flight (`ORDER.REQUEST_IN_PROGRESS`): retry with the ' +
          'same key and body after `Retry-After` seconds (what is left of its 30 s lease), when it has finished ' +
          '(the retry replays its answer) or its lease has run out (the retry takes the key over).',
        retryAfter: true,
      },
      422:
        'This Idempotency-Key was used with a different request (`ORDER.IDEMPOTENCY_KEY_REUSED`), or a ' +
        'product cannot be ordered (`ORDER.PRODUCT_UNAVAILABLE`).',
    },
  }),
  operation({
    controller: OrdersHttpController,
    handler: 'get',
    operationId: 'getOrder',
    tag: 'Orders',
    summary: 'An order of the caller, with its saga steps',
    params: { orderId: orderIdParam },
    response: { ...order, description: 'The order, its totals and step history.' },
    errors: {
      404: "No such order among the caller's (`ORDER.NOT_FOUND`): another user's order is a 404 too.",
    },
  }),
  operation({
    controller: OrdersHttpController,
    handler: 'list',
    operationId: 'listOrders',
    tag: 'Orders',
    summary: "The caller's orders, newest first",
    query: listOrdersQuery,
    response: {
      name: 'OrderPage',
      schema: json.orderPageJson,
      description: 'One page; follow `nextCursor`.',
    },
    errors: {
      400: 'Invalid `limit` (`REQUEST.INVALID`), or a cursor this list did not issue (`ORDER.INVALID_CURSOR`).',
    },
  }),

  operation({
    controller: OpenApiHttpController,
    handler: 'document',
    operationId: 'getOpenApiDocument',
    tag: 'Documentation',
    summary: 'This OpenAPI 3.1 document',
    callsServices: false,
    rawResponse: {
      mediaType: 'application/json',
      schema: { type: 'object', description: 'An OpenAPI 3.1 document.' },
      description: 'The document; revalidate with `If-None-Match` (304 when unchanged).',
      headers: { ETag: HEADERS.etag },
    },
  }),
  operation({
    controller: OpenApiHttpController,
    handler: 'page',
    operationId: 'getDocsPage',
    tag: 'Documentation',
    summary: 'The API reference page (Swagger UI, served by the gateway)',
    callsServices: false,
    rawResponse: {
      mediaType: 'text/html',
      schema: { type: 'string' },
      description: 'An HTML page rendering this document.',
      headers: {
        ETag: HEADERS.etag,
        'Content-Security-Policy': {
          description: 'Scripts, styles and requests from this gateway only; no framing.',
          schema: { type: 'string' },
        },
      },
    },
  }),
];

/**
 * Routes deliberately left out of the document, each with its reason: the
 * coverage tests accept these and nothing else.
 */
export const UNDOCUMENTED_ROUTES: readonly {
  controller: AnyOperation['controller'];
  handler: string;
  reason: string;
}[] = [
  {
    controller: OpenApiHttpController,
    handler: 'asset',
    reason: 'static files of the docs page (scripts, styles), not part of the API',
  },
];
