import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../api/parse-body';
import { ProviderApiError } from '../api/provider-api.error';
import { ProviderErrorFilter } from '../api/provider-error.filter';
import { MoneyCallRunner } from '../simulator/money-call.runner';
import { ChargesService } from './charges.service';

const amount = z.number().int().min(1).max(99_999_999);

const createChargeBody = z.strictObject({
  amount,
  currency: z.string().regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code, e.g. eur'),
  payment_method: z.string().min(1).max(200),
  capture: z.boolean().default(true),
  reference: z.string().min(1).max(200).optional(),
});
const captureBody = z.strictObject({ amount: amount.optional() });
const cancelBody = z.strictObject({});
const chargeId = z.string().regex(/^ch_[0-9a-f]{24}$/);

/** The charges API of the simulated processor. Money-moving calls go through MoneyCallRunner. */
@Controller('v1/charges')
@UseFilters(ProviderErrorFilter)
export class ChargesHttpController {
  constructor(
    private readonly charges: ChargesService,
    private readonly runner: MoneyCallRunner,
  ) {}

  /** Authorizes (capture: false: a hold) or charges at once (capture: true, the default). */
  @Post()
  create(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = parseBody(createChargeBody, body);
    return this.runner.run(request, reply, input, () => this.charges.create(input));
  }

  @Post(':id/capture')
  capture(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = parseBody(captureBody, body);
    return this.runner.run(request, reply, input, () => this.charges.capture(this.id(id), input.amount));
  }

  /** Voids an uncaptured charge (releases the hold). */
  @Post(':id/cancel')
  cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = parseBody(cancelBody, body);
    return this.runner.run(request, reply, input, () => this.charges.cancel(this.id(id)));
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.charges.get(this.id(id));
  }

  /** `GET /v1/charges?reference=<merchant reference>`: every charge made for it. */
  @Get()
  list(@Query('reference') reference?: string) {
    if (!reference)
      throw ProviderApiError.invalidRequest('parameter_missing', 'reference is required', 'reference');
    return { object: 'list', data: this.charges.byReference(reference), has_more: false };
  }

  private id(raw: string): string {
    if (!chargeId.safeParse(raw).success) throw ProviderApiError.notFound('charge', raw.slice(0, 64));
    return raw;
  }
}
