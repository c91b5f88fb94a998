import { Injectable } from '@nestjs/common';
import { AddressSnapshot } from '@shop/user-domain';
import { DataSource, EntityManager } from 'typeorm';

interface AddressRow {
  id: string;
  user_id: string;
  line1: string;
  line2: string;
  city: string;
  postal_code: string;
  country: string;
  created_at: Date;
}

const toSnapshot = (row: AddressRow): AddressSnapshot => ({
  id: row.id,
  userId: row.user_id,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  postalCode: row.postal_code,
  country: row.country,
  createdAt: row.created_at,
});

@Injectable()
export class AddressRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first; at most MAX_ADDRESSES_PER_USER rows exist per user. */
  async listByUser(userId: string, tx?: EntityManager): Promise<AddressSnapshot[]> {
    const rows: AddressRow[] = await (tx ?? this.dataSource.manager).query(
      `SELECT id, user_id, line1, line2, city, postal_code, country, created_at
         FROM addresses WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toSnapshot);
  }

  async countByUser(tx: EntityManager, userId: string): Promise<number> {
    const [row] = (await tx.query('SELECT count(*)::int AS n FROM addresses WHERE user_id = $1', [
      userId,
    ])) as {
      n: number;
    }[];
    return row?.n ?? 0;
  }

  async insert(tx: EntityManager, address: AddressSnapshot): Promise<void> {
    await tx.query(
      `INSERT INTO addresses (id, user_id, line1, line2, city, postal_code, country, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        address.id,
        address.userId,
        address.line1,
        address.line2,
        address.city,
        address.postalCode,
        address.country,
        address.createdAt,
      ],
    );
  }
}
