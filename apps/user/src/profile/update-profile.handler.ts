import { Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { User, UserErrors, UserSnapshot } from '@shop/user-domain';
import { DataSource } from 'typeorm';
import { UserRepository } from '../persistence/user.repository';
import { isUuid } from '../uuid';
import { ProfileCache } from './profile-cache';

export interface UpdateProfileCommand {
  readonly userId: string;
  readonly name: string;
}

/** Renames a user; the cached profile is invalidated after the commit. */
@Injectable()
export class UpdateProfileHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly cache: ProfileCache,
  ) {}

  async execute(command: UpdateProfileCommand): Promise<Result<UserSnapshot>> {
    const name = User.validateName(command.name);
    if (!name.ok) return name;
    if (!isUuid(command.userId)) return err(UserErrors.notFound(command.userId));
    const user = await this.dataSource.transaction((tx) =>
      this.users.updateName(tx, command.userId, name.value),
    );
    if (!user) return err(UserErrors.notFound(command.userId));
    // After COMMIT: invalidating inside the transaction would let a reader refill
    // the old row before the new one is visible.
    await this.cache.invalidate(command.userId);
    return ok(user);
  }
}
