import type { Admin } from 'kafkajs';
import type { Logger } from 'pino';

import type { TopicDefaults, TopicSpec } from './topic-spec';

/**
 * Creates the topics a service needs at start, idempotently: missing topics are
 * created, existing ones are left as they are (a partition or retention change
 * is an operation, not a side effect of a deploy; a mismatch is logged).
 */
export class TopicAdmin {
  constructor(
    private readonly admin: Admin,
    private readonly defaults: TopicDefaults,
    private readonly logger: Logger,
    /** Bound on the broker's topic creation, including waiting for partition leaders. */
    private readonly timeoutMs = 10_000,
  ) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    if (specs.length === 0) return;
    const existing = new Set(await this.admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    await this.warnOnPartitionMismatch(specs.filter((spec) => existing.has(spec.topic)));
    if (missing.length === 0) return;
    // Returns false when another replica created them first: that is fine too.
    await this.admin.createTopics({
      waitForLeaders: true,
      timeout: this.timeoutMs,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions ?? this.defaults.partitions,
        replicationFactor: this.defaults.replicationFactor ?? -1,
        configEntries: [
          { name: 'retention.ms', value: String(spec.retentionMs ?? this.defaults.retentionMs) },
        ],
      })),
    });
    this.logger.info({ topics: missing.map((spec) => spec.topic) }, 'created kafka topics');
  }

  private async warnOnPartitionMismatch(specs: readonly TopicSpec[]): Promise<void> {
    const explicit = specs.filter((spec) => spec.partitions !== undefined);
    if (explicit.length === 0) return;
    const { topics } = await this.admin.fetchTopicMetadata({ topics: explicit.map((spec) => spec.topic) });
    for (const spec of explicit) {
      const actual = topics.find((topic) => topic.name === spec.topic)?.partitions.length;
      if (actual !== spec.partitions) {
        this.logger.warn(
          { topic: spec.topic, configured: spec.partitions, actual },
          'topic exists with other partitions; left as is',
        );
      }
    }
  }
}
