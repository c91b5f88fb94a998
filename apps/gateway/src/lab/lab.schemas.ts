import { z } from 'zod';

// GET /v1/lab/faults, as the document describes it (checked against the handler's
// return type by @ApiOperation). Kept with the lab, the one route that serves it.
export const activeFaultsJson = z
  .object({
    knobs: z
      .array(
        z.object({
          name: z.string().meta({
            description: 'The knob, as `make fault` names it.',
            examples: ['provider.decline-rate'],
          }),
          value: z.string().meta({ description: 'Its current value (off is not listed).', examples: ['1'] }),
          simulates: z.string().meta({ description: 'What the knob simulates, for a banner.' }),
        }),
      )
      .meta({ description: 'The fault knobs that are on; empty when none is (or outside local mode).' }),
    updatedAt: z.string().nullable().meta({
      format: 'date-time',
      description:
        'When `make fault` last read the knobs back (RFC 3339, UTC); null when it has not since `make up`.',
    }),
  })
  .meta({ id: 'ActiveFaults' });
