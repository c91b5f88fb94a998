import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Row shape of `users` in user_db. Only this service's role can read it (P12). */
@Entity({ name: 'users' })
export class UserRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: 'customer' | 'admin';

  @Column('text', { name: 'password_hash' })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
