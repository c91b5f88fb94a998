// A real service built only from the platform, spawned by the platform's
// integration tests: `node dist/libs/platform/src/testing/probe-service/main.js`.
import '../../telemetry/register';
import { runService } from '../../bootstrap/run-service';
import { ProbeAppModule } from './probe-app.module';
import { probeConfigSchema } from './probe.config';

runService({
  name: 'probe',
  configSchema: probeConfigSchema,
  module: ProbeAppModule,
  http: { bodyLimitBytes: 16 * 1024 },
});
