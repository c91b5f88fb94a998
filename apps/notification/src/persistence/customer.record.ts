import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Local projection of the customers this service emails, filled from
 * user.registered.v1 (event-carried state transfer): order and payment events
 * carry only a customer id, and notification never calls the user service for
 * the address (no runtime coupling, no cross-database read: P08, P12).
 */
@Entity({ name: 'customers' })
export class CustomerRecord {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
