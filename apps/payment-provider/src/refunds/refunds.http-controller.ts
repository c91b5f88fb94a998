import { Body, Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseBody } from '../api/parse-body';
import { ProviderErrorFilter } from '../api/provider-error.filter';
import { ChargesService } from '../charges/charges.service';
import { MoneyCallRunner } from '../simulator/money-call.runner';

const refundBody = z.strictObject({
  charge: z.string().min(1).max(64),
  amount: z.number().int().min(1).max(99_999_999).optional(),
});

/** Refunds a captured charge (in full unless an amount is given). */
@Controller('v1/refunds')
@UseFilters(ProviderErrorFilter)
export class RefundsHttpController {
  constructor(
    private readonly charges: ChargesService,
    private readonly runner: MoneyCallRunner,
  ) {}

  @Post()
  create(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = parseBody(refundBody, body);
    return this.runner.run(request, reply, input, () => this.charges.refund(input.charge, input.amount));
  }
}
