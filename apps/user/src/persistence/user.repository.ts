import { Injectable } from '@nestjs/common';
import { User, UserSnapshot } from '@shop/user-domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { UserRecord } from './user.record';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts inside the caller's transaction; returns false when the email is taken. */
  async insert(tx: EntityManager, user: User): Promise<boolean> {
    try {
      await tx.insert(UserRecord, { ...user.snapshot });
      return true;
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        return false;
      }
      throw error;
    }
  }

  async findById(id: string): Promise<UserSnapshot | null> {
    return this.dataSource.getRepository(UserRecord).findOneBy({ id });
  }
}
