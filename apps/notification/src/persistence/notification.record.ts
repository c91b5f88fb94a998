import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A notification this service produced, listable per user. */
@Entity({ name: 'notifications' })
export class NotificationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** What it is about, e.g. `welcome`. */
  @Column('text')
  kind!: string;

  @Column('text')
  recipient!: string;

  @Column('text')
  subject!: string;

  /** The event that caused it: one event, at most one notification of a kind (P10). */
  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
