import { Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { UserErrors, UserSnapshot } from '@shop/user-domain';
import { UserRepository } from '../persistence/user.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class GetUserHandler {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: string): Promise<Result<UserSnapshot>> {
    // An id that cannot exist is simply not found: no query, no driver error.
    const user = UUID.test(userId) ? await this.users.findById(userId) : null;
    return user ? ok(user) : err(UserErrors.notFound(userId));
  }
}
