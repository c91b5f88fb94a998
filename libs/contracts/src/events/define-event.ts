import { z } from 'zod';

/**
 * A published message: its CloudEvents type, the topic it travels on and the
 * schema of its data. The three always travel together, so they are declared
 * together, and the schema is always an object of named fields.
 */
export const defineEvent = <Type extends string, Topic extends string, Shape extends z.ZodRawShape>(
  type: Type,
  topic: Topic,
  shape: Shape,
) => ({ type, topic, schema: z.object(shape) }) as const;
