import { join } from 'node:path';
import type { Metadata } from '@grpc/grpc-js';
import type { Observable } from 'rxjs';

// Hand-written equivalent of a ts-proto `nestJs=true` client for probe.proto.
export const PROBE_PROTO_PATH = join(__dirname, 'probe.proto');
export const PROBE_PACKAGE = 'shop.probe.v1';
export const PROBE_SERVICE = 'ProbeService';
/** What connectGrpcClient needs to call the probe. */
export const PROBE_TARGET = { package: PROBE_PACKAGE, service: PROBE_SERVICE, protoPath: PROBE_PROTO_PATH };

export interface SleepResponse {
  sleptMs: number;
  deadlineRemainingMs: number;
}

export interface RelayResponse {
  incomingRemainingMs: number;
  downstreamRemainingMs: number;
}

export interface ProbeServiceClient {
  sleep(request: { ms: number }, metadata?: Metadata): Observable<SleepResponse>;
  relay(request: { sleepMs: number }, metadata?: Metadata): Observable<RelayResponse>;
  fail(request: { kind: string }, metadata?: Metadata): Observable<Record<string, never>>;
}
