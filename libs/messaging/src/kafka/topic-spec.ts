/** A topic a service needs; absent fields take the `TopicDefaults`. */
export interface TopicSpec {
  readonly topic: string;
  readonly partitions?: number;
  readonly retentionMs?: number;
}

/** From `KAFKA_TOPIC_PARTITIONS` / `KAFKA_TOPIC_RETENTION_MS` (conventions.md: 3, 7 days). */
export interface TopicDefaults {
  readonly partitions: number;
  readonly retentionMs: number;
  /** Omit to use the broker's `default.replication.factor`. */
  readonly replicationFactor?: number;
}

export const DEFAULT_TOPIC_DEFAULTS: TopicDefaults = { partitions: 3, retentionMs: 604_800_000 };

/**
 * The name of a topic (or consumer group) inside the Kafka namespace `prefix`
 * (`KAFKA_TOPIC_PREFIX`). Production's prefix is empty: the names are the
 * contracts' own. A test gives each service it boots a unique prefix, so two
 * suites (or a suite and a running system) never see each other's messages.
 */
export function prefixedTopic(prefix: string, topic: string): string {
  return prefix ? `${prefix}.${topic}` : topic;
}

/** Poison messages of `topic` end up here. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}

/**
 * Every topic a service must find at start: the ones it declares plus the
 * dead-letter topic of each topic it consumes (so a poison message never fails
 * to be parked because its DLT is missing; auto-creation is off on the broker).
 * A topic listed twice keeps its first (most specific) spec.
 */
export function topicsToEnsure(
  declared: readonly TopicSpec[],
  consumedTopics: readonly string[],
): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const spec of declared) if (!byName.has(spec.topic)) byName.set(spec.topic, spec);
  for (const topic of consumedTopics) {
    const dlt = deadLetterTopic(topic);
    if (!byName.has(dlt)) byName.set(dlt, { topic: dlt });
  }
  return [...byName.values()];
}
