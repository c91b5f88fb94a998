import * as contracts from '@shop/contracts';
import { z } from 'zod';

/** An event or saga message definition exported by @shop/contracts. */
export interface EventDefinition {
  readonly type: string;
  readonly topic: string;
  readonly schema: z.ZodType;
}

const isEventDefinition = (value: unknown): value is EventDefinition =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as EventDefinition).type === 'string' &&
  typeof (value as EventDefinition).topic === 'string' &&
  (value as EventDefinition).schema instanceof z.ZodType;

/** Every event definition the contracts library exports, by type. */
export function eventDefinitions(): Map<string, EventDefinition> {
  const definitions = (Object.values(contracts) as unknown[]).filter(isEventDefinition);
  return new Map(definitions.map((definition) => [definition.type, definition]));
}

/** The JSON Schema of an event's data: what consumers rely on. */
export const jsonSchemaOf = (definition: EventDefinition): unknown =>
  z.toJSONSchema(definition.schema, { target: 'draft-2020-12', unrepresentable: 'any' });
