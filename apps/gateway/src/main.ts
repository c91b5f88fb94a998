// Telemetry first: it patches http and grpc before anything loads them.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { gatewayService } from './gateway.service';

runService(gatewayService);
