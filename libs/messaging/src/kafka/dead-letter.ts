import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Why a message was parked; a closed set, also used as a metric label. */
export type DeadLetterReason = 'decode-error' | 'no-handler' | 'max-attempts';

export const DeadLetterHeaders = {
  reason: 'x-dlt-reason',
  error: 'x-dlt-error',
  attempts: 'x-dlt-attempts',
  consumer: 'x-dlt-consumer',
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
} as const;

export interface DeadLetterContext {
  readonly topic: string;
  readonly partition: number;
  readonly message: Pick<KafkaMessage, 'key' | 'value' | 'headers' | 'offset'>;
  readonly consumer: string;
  readonly reason: DeadLetterReason;
  readonly error: unknown;
  readonly attempts: number;
}

const MAX_ERROR_LENGTH = 1_000;

/**
 * The original record, untouched (key, value, headers), plus why and where it
 * came from: enough to inspect it and to replay it onto the original topic.
 */
export function buildDeadLetterMessage(context: DeadLetterContext): Message {
  const { message } = context;
  const error =
    context.error instanceof Error
      ? `${context.error.name}: ${context.error.message}`
      : String(context.error);
  const headers: IHeaders = {
    ...(message.headers ?? {}),
    [DeadLetterHeaders.reason]: context.reason,
    [DeadLetterHeaders.error]: error.slice(0, MAX_ERROR_LENGTH),
    [DeadLetterHeaders.attempts]: String(context.attempts),
    [DeadLetterHeaders.consumer]: context.consumer,
    [DeadLetterHeaders.originalTopic]: context.topic,
    [DeadLetterHeaders.originalPartition]: String(context.partition),
    [DeadLetterHeaders.originalOffset]: message.offset,
  };
  return { key: message.key, value: message.value, headers };
}
