import { Controller, Inject } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DomainError } from '@shop/shared-kernel';
import { AppError } from '../../errors/app-error';
import { currentDeadline } from '../../grpc/deadline-context';
import type { GrpcClient } from '../../grpc/grpc-client';
import type { ProbeServiceClient, RelayResponse, SleepResponse } from './probe-contract';

export const PROBE_CLIENT = Symbol('PROBE_CLIENT');

const remainingBudget = (): number => {
  const deadline = currentDeadline();
  return deadline === undefined ? -1 : deadline - Date.now();
};

@Controller()
export class GrpcProbeController {
  constructor(@Inject(PROBE_CLIENT) private readonly self: GrpcClient<ProbeServiceClient>) {}

  @GrpcMethod('ProbeService', 'Sleep')
  async sleep(request: { ms: number }): Promise<SleepResponse> {
    const deadlineRemainingMs = remainingBudget();
    await new Promise((resolve) => setTimeout(resolve, request.ms));
    return { sleptMs: request.ms, deadlineRemainingMs };
  }

  @GrpcMethod('ProbeService', 'Relay')
  async relay(request: { sleepMs: number }): Promise<RelayResponse> {
    const incomingRemainingMs = remainingBudget();
    const downstream = await this.self.sleep({ ms: request.sleepMs });
    return { incomingRemainingMs, downstreamRemainingMs: downstream.deadlineRemainingMs };
  }

  @GrpcMethod('ProbeService', 'Fail')
  fail(request: { kind: string }): never {
    if (request.kind === 'app') {
      throw AppError.invalidArgument('PROBE.BAD_KIND', 'kind is not acceptable', [
        { field: 'kind', message: 'ünknown' },
      ]);
    }
    if (request.kind === 'domain')
      throw new DomainError('PROBE.GONE', 'not_found', 'the probe object is gone');
    throw new Error('secret internal detail');
  }
}
