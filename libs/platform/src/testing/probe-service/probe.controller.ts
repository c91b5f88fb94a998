import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import { parseRequest } from '../../errors/parse-request';
import { REDIS } from '../../redis/redis.module';

const echoBody = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });

/** Routes the integration tests drive: slow work, every error shape, a templated route. */
@Controller()
export class ProbeController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('slow')
  async slow(@Query('ms') ms = '100'): Promise<{ sleptMs: number }> {
    const sleptMs = Math.min(Number(ms) || 0, 10_000);
    await new Promise((resolve) => setTimeout(resolve, sleptMs));
    return { sleptMs };
  }

  @Get('items/:id')
  async item(@Param('id') id: string): Promise<{ id: string; db: number; redis: string }> {
    const [row] = await this.dataSource.query<{ one: number }[]>('SELECT 1 AS one');
    return { id, db: row?.one ?? 0, redis: await this.redis.ping() };
  }

  @Get('fail')
  fail(): never {
    throw AppError.failedPrecondition('PROBE.NOT_ALLOWED', 'the probe refuses this on purpose');
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return parseRequest(echoBody, body);
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail that must not reach the client');
  }
}
