import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { z } from 'zod';
import { parseBody } from '../api/parse-body';
import { ProviderApiError } from '../api/provider-api.error';
import { ProviderErrorFilter } from '../api/provider-error.filter';
import { passesLuhn } from '../cards/luhn';
import { PaymentMethodStore } from './payment-method.store';

const tokeniseBody = z.strictObject({
  number: z.string().max(32),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  cvc: z.string().max(8),
});

/**
 * Tokenisation: the CLIENT sends the card here directly and gets a `pm_...`
 * token; only the token ever reaches the shop's services, so card numbers stay
 * out of their logs, databases and Kafka topics (PCI scope stays small).
 */
@Controller('v1/payment-methods')
@UseFilters(ProviderErrorFilter)
export class PaymentMethodsHttpController {
  constructor(private readonly methods: PaymentMethodStore) {}

  @Post()
  @HttpCode(200)
  create(@Body() body: unknown) {
    const card = parseBody(tokeniseBody, body);
    const number = card.number.replace(/[\s-]/g, '');
    if (!passesLuhn(number)) throw cardError('invalid_number', 'Your card number is invalid.', 'number');
    if (card.exp_month < 1 || card.exp_month > 12) {
      throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
    }
    const now = new Date();
    if (card.exp_year < now.getUTCFullYear() || card.exp_year > now.getUTCFullYear() + 50) {
      throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'exp_year');
    }
    if (card.exp_year === now.getUTCFullYear() && card.exp_month < now.getUTCMonth() + 1) {
      throw cardError('expired_card', 'Your card has expired.', 'exp_month');
    }
    if (!/^\d{3,4}$/.test(card.cvc))
      throw cardError('invalid_cvc', "Your card's security code is invalid.", 'cvc');
    return this.methods.create(number, card.exp_month, card.exp_year);
  }
}

const cardError = (code: string, message: string, param: string) =>
  ProviderApiError.cardError(402, code, message, { param });
