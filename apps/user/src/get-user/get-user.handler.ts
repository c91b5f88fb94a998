import { Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { UserErrors, UserSnapshot } from '@shop/user-domain';
import { UserRepository } from '../persistence/user.repository';
import { isUuid } from '../uuid';

/** Any user by id (the gateway allows it to admins only). Not cached: rare, and always fresh. */
@Injectable()
export class GetUserHandler {
  constructor(private readonly users: UserRepository) {}

  async execute(userId: string): Promise<Result<UserSnapshot>> {
    const user = isUuid(userId) ? await this.users.findById(userId) : null;
    return user ? ok(user) : err(UserErrors.notFound(userId));
  }
}
