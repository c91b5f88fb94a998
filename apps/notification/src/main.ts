// Telemetry first: it patches http, grpc, pg and kafkajs before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { notificationService } from './notification.service';

runService(notificationService);
