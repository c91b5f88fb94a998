import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@shop/platform';
import { FaultStateFile } from './fault-state.file';
import type { LabConfig } from './lab.config';
import { LabFaultsHttpController } from './lab-faults.http-controller';

/** The learning lab's read-only view of the running system: which fault knobs are on. */
@Module({
  providers: [
    {
      provide: FaultStateFile,
      inject: [APP_CONFIG],
      useFactory: (config: LabConfig) => new FaultStateFile(config.LAB_FAULTS_STATE_FILE),
    },
  ],
  controllers: [LabFaultsHttpController],
})
export class LabModule {}
