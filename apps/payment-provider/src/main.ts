// Telemetry first: it patches http before anything loads it.
import '@shop/platform/telemetry/register';
import { runService } from '@shop/platform';
import { paymentProviderService } from './payment-provider.service';

runService(paymentProviderService);
