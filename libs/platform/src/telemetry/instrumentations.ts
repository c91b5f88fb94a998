import type { IncomingMessage } from 'node:http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { TelemetrySettings } from './telemetry-settings';

/**
 * Instrumentations patch libraries when they are first required, which is why
 * the SDK starts from `@shop/platform/telemetry/register` before anything else.
 * Note: instrumentation-nestjs-core declares support for @nestjs/core < 12, so
 * with NestJS 12 it stays inactive; request spans come from the http and grpc
 * instrumentations, which see every call anyway.
 */
export function createInstrumentations(settings: TelemetrySettings) {
  return [
    new HttpInstrumentation({
      // Probes and scrapes hit the admin port every few seconds: no spans for them.
      ignoreIncomingRequestHook: (request: IncomingMessage) =>
        settings.adminPort !== undefined && request.socket.localPort === settings.adminPort,
    }),
    new GrpcInstrumentation(),
    // Health checks run outside any request; spans only inside a traced operation.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new KafkaJsInstrumentation(),
    new NestInstrumentation(),
    // Event-loop delay, GC and heap into the same registry as business metrics.
    new RuntimeNodeInstrumentation({ monitoringPrecision: 10 }),
  ];
}
