import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth';
import { ApiOperation, ApiTag } from '../openapi/api-operation.decorator';
import { FaultStateFile } from './fault-state.file';
import { activeFaultsJson } from './lab.schemas';

/**
 * The fault knobs that are on (docs/faults.md), for the storefront's banner: a learner who
 * turned one sees it next to the order it disturbs. Read-only: knobs are turned only by
 * `make fault`, on the machine that runs the system, never through the public API.
 */
@ApiTag('Lab')
@Controller('v1/lab/faults')
export class LabFaultsHttpController {
  constructor(@Inject(FaultStateFile) private readonly state: FaultStateFile) {}

  @ApiOperation({
    operationId: 'listActiveFaults',
    summary: 'The fault knobs that are on (local mode)',
    description:
      'What `make fault` last read back. Empty when no knob is on, and always outside local mode ' +
      '(no `LAB_FAULTS_STATE_FILE`).',
    response: { schema: activeFaultsJson, description: 'The active knobs.' },
    errors: {
      503: "The state file exists but is not `make fault`'s format (`LAB.FAULT_STATE_UNREADABLE`): the detail names the file.",
    },
    callsServices: false,
  })
  @Public()
  @Get()
  list() {
    return this.state.read();
  }
}
