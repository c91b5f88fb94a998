import type { ProblemDetails } from '@shop/platform';
import { z } from 'zod';
import type { ResponseMismatch } from './api-operation.decorator';

// The JSON the gateway answers with, as zod schemas: the document's response
// schemas are generated from these (`id` names the component). Each one is
// bound at compile time to what its handler (or view: product.view.ts,
// order.view.ts) really returns, by the handler's @ApiOperation(): a field
// added to a view and not here fails `tsc`. They are never used to parse anything.

const nonNegativeInteger = z.number().int().min(0);
const timestamp = z.string().meta({ format: 'date-time', description: 'RFC 3339, UTC.' });

/** One page of a list, as pageJson (pagination.schemas.ts) answers it. */
const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` to get the next page; null on the last page.' }),
  });

export const moneyJson = z
  .object({
    amountMinor: nonNegativeInteger.meta({
      description: 'Integer minor units (cents): 1999 is 19.99.',
      examples: [1999],
    }),
    currency: z.string().meta({ description: 'ISO 4217 code.', examples: ['EUR'] }),
  })
  .meta({ description: 'An amount of money: never a float.' });

// --- identity ---------------------------------------------------------------

export const userProfileJson = z
  .object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.string().meta({ description: '`customer` or `admin`.' }),
    createdAt: timestamp,
  })
  .meta({ id: 'UserProfile' });

export const addressJson = z
  .object({
    addressId: z.uuid(),
    line1: z.string(),
    line2: z.string().meta({ description: 'Empty when the address has no second line.' }),
    city: z.string(),
    postalCode: z.string(),
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2, upper case.', examples: ['DE'] }),
    createdAt: timestamp,
  })
  .meta({ id: 'Address' });

export const addressListJson = z.object({ items: z.array(addressJson) }).meta({ id: 'AddressList' });

export const tokenPairJson = z
  .object({
    accessToken: z
      .string()
      .meta({ description: 'A JWT (ES256): send it as `Authorization: Bearer <token>`.' }),
    tokenType: z.string().meta({ examples: ['Bearer'] }),
    expiresIn: nonNegativeInteger.meta({
      description: 'Seconds until the access token expires.',
      examples: [900],
    }),
    refreshToken: z
      .string()
      .meta({ description: 'Opaque, single use: POST /v1/auth/refresh rotates it. Keep it secret.' }),
    refreshExpiresIn: nonNegativeInteger.meta({ description: 'Seconds until the refresh token expires.' }),
  })
  .meta({ id: 'TokenPair' });

export const loginResponseJson = tokenPairJson
  .extend({ user: userProfileJson })
  .meta({ id: 'LoginResponse' });

export const jwksJson = z
  .object({
    keys: z.array(
      z
        .looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.string() })
        .meta({ description: 'A public JSON Web Key (RFC 7517); private members are never served.' }),
    ),
  })
  .meta({
    id: 'JsonWebKeySet',
    description: 'The public keys that verify access tokens (RFC 7517 JWK Set).',
  });

// --- catalog ----------------------------------------------------------------

export const productJson = z
  .object({
    productId: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    price: moneyJson,
    active: z
      .boolean()
      .meta({ description: 'Inactive products are listed for admins but cannot be ordered.' }),
    version: z.number().int().min(1).meta({ description: 'Incremented by every change.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Product' });

export const productPageJson = pageOf(productJson).meta({ id: 'ProductPage' });

export const stockLevelJson = z
  .object({
    productId: z.uuid(),
    available: nonNegativeInteger.meta({ description: 'Units new reservations can take.' }),
    reserved: nonNegativeInteger.meta({ description: 'Units held by open reservations of pending orders.' }),
  })
  .meta({ id: 'StockLevel' });

// --- orders -----------------------------------------------------------------

const orderStatus = z.string().meta({ description: '`PENDING`, then `CONFIRMED` or `CANCELLED`.' });

export const orderJson = z
  .object({
    orderId: z.uuid(),
    status: orderStatus,
    lines: z.array(
      z.object({
        productId: z.uuid(),
        quantity: z.number().int().min(1),
        unitPrice: moneyJson,
        lineTotal: moneyJson,
      }),
    ),
    total: moneyJson,
    cancellation: z
      .object({
        code: z.string().meta({ examples: ['INVENTORY.OUT_OF_STOCK', 'PAYMENT.DECLINED'] }),
        reason: z.string(),
      })
      .nullable()
      .meta({ description: 'Why the order was cancelled; null unless CANCELLED.' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    steps: z
      .array(
        z.object({
          step: z.string().meta({ examples: ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'CAPTURE_PAYMENT'] }),
          event: z.string().meta({ examples: ['STARTED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT'] }),
          at: timestamp,
          code: z.string().nullable().meta({ description: 'The failure code, when the step failed.' }),
          detail: z.string().nullable(),
        }),
      )
      .meta({ description: "The saga's history, oldest first." }),
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .nullable()
      .meta({
        description:
          'The W3C trace id of the request that placed the order: the trace its saga runs in, to open in ' +
          'the tracing backend (Jaeger: `/trace/{traceId}`). Null when unknown; an unsampled trace holds no spans.',
        examples: ['4bf92f3577b34da6a3ce929d0e0e4736'],
      }),
  })
  .meta({ id: 'Order' });

export const orderSummaryJson = z.object({
  orderId: z.uuid(),
  status: orderStatus,
  total: moneyJson,
  lineCount: z.number().int().min(1),
  cancelCode: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const orderPageJson = pageOf(orderSummaryJson).meta({ id: 'OrderPage' });

// --- notifications ----------------------------------------------------------

export const notificationPageJson = pageOf(
  z.object({
    notificationId: z.string(),
    kind: z.string().meta({
      description: 'An open set: new kinds may appear.',
      examples: ['welcome', 'order_confirmed', 'order_cancelled', 'payment_failed'],
    }),
    subject: z.string(),
    status: z.string().meta({ description: '`PENDING`, `SENT` or `FAILED`.' }),
    createdAt: timestamp,
    sentAt: timestamp.nullable().meta({ description: 'When the SMTP server accepted it; null until then.' }),
  }),
).meta({ id: 'NotificationPage' });

// --- errors -----------------------------------------------------------

export const problemJson = z
  .object({
    type: z.string().meta({
      description: 'A URI naming the error (`about:blank` for generic HTTP errors).',
      examples: ['https://shop.example.com/problems/request.invalid'],
    }),
    title: z.string().meta({ description: 'The HTTP status phrase.', examples: ['Bad Request'] }),
    status: z
      .number()
      .int()
      .min(400)
      .max(599)
      .meta({ examples: [400] }),
    detail: z.string().meta({
      description: 'What went wrong, for people; never parse it.',
      examples: ['The request is invalid: lines.0.quantity: Invalid input: expected number, received string'],
    }),
    instance: z.string().meta({
      description:
        'The request path (without its query); empty when the request was refused before it had one (431, unparseable HTTP).',
      examples: ['/v1/orders'],
    }),
    code: z.string().meta({ description: 'Stable and machine-readable.', examples: ['REQUEST.INVALID'] }),
    traceId: z.string().meta({
      description: 'W3C trace id: quote it when reporting a problem.',
      examples: ['4bf92f3577b34da6a3ce929d0e0e4736'],
    }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .meta({
        description: 'One entry per invalid field (400 only).',
        examples: [
          [{ field: 'lines.0.quantity', message: 'Invalid input: expected number, received string' }],
        ],
      }),
  })
  .meta({ description: 'RFC 9457 problem details, with `code`, `traceId` and field `errors`.' });

// The platform's ProblemDetails and this schema are one shape, or tsc fails here.
const _problemMatches: [ResponseMismatch<ProblemDetails, z.output<typeof problemJson>>] extends [never]
  ? true
  : false = true;
