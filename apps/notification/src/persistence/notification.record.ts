import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '../notification-kind';

export type NotificationStatus = 'PENDING' | 'SENT' | 'FAILED';

/** The original event, kept to dead-letter it untouched if the email is given up (P27). */
export interface SourceEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly time: string;
  readonly data: unknown;
}

/** W3C trace context of the consumer that recorded the row: the send joins that trace (P20). */
export interface TraceFields {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/**
 * A notification this service produced, listable per user, and the email the
 * sender delivers: this table is the service's outbox towards SMTP.
 */
@Entity({ name: 'notifications' })
export class NotificationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  kind!: NotificationKind;

  @Column('text')
  recipient!: string;

  @Column('text')
  subject!: string;

  /** The event that caused it: one event, at most one notification of a kind (P10). */
  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('jsonb', { name: 'source_event', nullable: true })
  sourceEvent!: SourceEvent | null;

  @Column('text', { name: 'body_text', nullable: true })
  bodyText!: string | null;

  @Column('text', { name: 'body_html', nullable: true })
  bodyHtml!: string | null;

  @Column('text')
  status!: NotificationStatus;

  @Column('jsonb')
  trace!: TraceFields;

  /** Send attempts started (counted when claimed, so a crash mid-send still counts). */
  @Column('integer')
  attempts!: number;

  /** When the row may be claimed next: now for new rows, the backoff or the lease after a claim. */
  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
