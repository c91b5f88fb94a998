import { Injectable } from '@nestjs/common';
import { Role, User, UserSnapshot } from '@shop/user-domain';
import { isUniqueViolation } from '@shop/platform';
import { DataSource, EntityManager } from 'typeorm';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
}

const USER_COLUMNS = 'id, email, name, role, password_hash, created_at';

const toSnapshot = (row: UserRow): UserSnapshot => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts inside the caller's transaction; returns false when the email is taken. */
  async insert(tx: EntityManager, user: User): Promise<boolean> {
    const { id, email, name, role, passwordHash, createdAt } = user.snapshot;
    try {
      await tx.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        email,
        name,
        role,
        passwordHash,
        createdAt,
      ]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** In the caller's transaction when given one. */
  async findById(id: string, tx?: EntityManager): Promise<UserSnapshot | null> {
    const rows: UserRow[] = await (tx ?? this.dataSource.manager).query(
      `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  /** `email` must already be normalised (Email.parse). */
  async findByEmail(email: string): Promise<UserSnapshot | null> {
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE email = $1`,
      [email],
    );
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  /**
   * Reads the user and locks its row until the transaction ends: writers that
   * must check-then-write per user (the address limit) queue here instead of
   * racing (the oversell lesson, applied to a per-user bound).
   */
  async lockById(tx: EntityManager, id: string): Promise<UserSnapshot | null> {
    const rows: UserRow[] = await tx.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async lockByEmail(tx: EntityManager, email: string): Promise<UserSnapshot | null> {
    const rows: UserRow[] = await tx.query(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1 FOR UPDATE`, [
      email,
    ]);
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async updateName(tx: EntityManager, id: string, name: string): Promise<UserSnapshot | null> {
    const [rows] = (await tx.query(
      `UPDATE users SET name = $2, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [id, name],
    )) as [UserRow[], number];
    return rows[0] ? toSnapshot(rows[0]) : null;
  }

  async setRole(tx: EntityManager, id: string, role: Role): Promise<void> {
    await tx.query('UPDATE users SET role = $2, updated_at = now() WHERE id = $1', [id, role]);
  }
}
