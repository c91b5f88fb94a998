import { z } from 'zod';

/**
 * Local mode's lab (docs/faults.md). The fault knobs are turned in one place, the
 * command line `make fault` (tools/fault), which writes the active ones to a state file
 * after every change; naming that file here lets GET /v1/lab/faults show them. Unset
 * (compose, Kubernetes): there are no knobs to show, and the route answers an empty list.
 */
export const labConfigSchema = z.object({
  LAB_FAULTS_STATE_FILE: z.string().min(1).optional(),
});

export type LabConfig = z.infer<typeof labConfigSchema>;
