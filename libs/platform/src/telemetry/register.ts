// `import '@shop/platform/telemetry/register'` as the FIRST line of every main.ts:
// the SDK must patch http, grpc, pg, ioredis and kafkajs before they are loaded.
// This file therefore imports nothing but the OpenTelemetry SDK.
import { startTelemetry } from './telemetry-sdk';

startTelemetry();
