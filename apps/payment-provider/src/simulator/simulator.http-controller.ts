import { Body, Controller, Delete, Get, Put, UseFilters } from '@nestjs/common';
import { parseBody } from '../api/parse-body';
import { ProviderErrorFilter } from '../api/provider-error.filter';
import { Knobs, knobsUpdateSchema } from './knobs';
import { SimulatorStats } from './simulator-stats';

/**
 * TEST-ONLY: the simulator's fault knobs, changed at run time so tests
 * reproduce latency, failures, declines and timeouts without restarts. A real
 * processor has nothing like it; it exists because this app is a simulator.
 */
@Controller('v1/_simulator')
@UseFilters(ProviderErrorFilter)
export class SimulatorHttpController {
  constructor(
    private readonly knobs: Knobs,
    private readonly stats: SimulatorStats,
  ) {}

  @Get('knobs')
  get() {
    return this.knobs.values;
  }

  /** A partial update: `{ "latencyMs": 3000 }` changes only the latency. */
  @Put('knobs')
  update(@Body() body: unknown) {
    return this.knobs.update(parseBody(knobsUpdateSchema, body));
  }

  /** Back to the start-up defaults (the PROVIDER_* environment). */
  @Delete('knobs')
  reset() {
    return this.knobs.reset();
  }

  /** Money-moving requests received so far and in flight now. */
  @Get('stats')
  getStats() {
    return this.stats.snapshot();
  }
}
