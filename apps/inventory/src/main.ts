// Telemetry first: it patches http, grpc, pg, ioredis and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { inventoryService } from './inventory.service';

runService(inventoryService);
