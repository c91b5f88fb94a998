import {
  CancelPaymentV1,
  InventoryTopics,
  PaymentTopics,
  ReserveStockV1,
  StockReservedV1,
} from '@shop/contracts';
import { parseSagaReply, SAGA_REPLY_TYPES, toSagaMessage } from './participant-messages';

const ORDER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const P1 = '11111111-1111-4111-8111-111111111111';

describe('saga participants: commands out, replies in', () => {
  it('puts a command on its participant topic, keyed by order, with exactly the contract fields', () => {
    const lines = [{ productId: P1, quantity: 2 }];
    expect(toSagaMessage({ kind: 'ReserveStock', orderId: ORDER, lines })).toEqual({
      topic: InventoryTopics.commands,
      type: ReserveStockV1.type,
      subject: ORDER,
      data: { orderId: ORDER, lines },
    });
    expect(toSagaMessage({ kind: 'CancelPayment', orderId: ORDER, reason: 'r' })).toMatchObject({
      topic: PaymentTopics.commands,
      type: CancelPaymentV1.type,
    });
  });

  it('fails the transaction on a command that breaks its contract (P15)', () => {
    expect(() => toSagaMessage({ kind: 'ReleaseStock', orderId: ORDER, reason: '' })).toThrow();
  });

  it('consumes the nine reply types of inventory and payment', () => {
    expect(SAGA_REPLY_TYPES).toHaveLength(9);
  });

  it('parses a reply into the event the engine reads, and throws on one that does not parse', () => {
    const reservationId = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
    const data = { orderId: ORDER, reservationId, expiresAt: '2026-03-01T10:00:00.000Z' };
    expect(parseSagaReply(StockReservedV1.type, data)).toEqual({
      orderId: ORDER,
      reply: { kind: 'StockReserved', reservationId },
    });
    expect(() => parseSagaReply(StockReservedV1.type, { orderId: ORDER })).toThrow();
    expect(() => parseSagaReply('shop.other.v1', data)).toThrow(/not a place-order saga reply/);
  });
});
