import { Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { UserErrors } from '@shop/user-domain';
import { AddressRepository } from '../persistence/address.repository';
import { UserRepository } from '../persistence/user.repository';
import { isUuid } from '../uuid';
import { ProfileCache } from './profile-cache';
import { ProfileView, toAddressView, toUserView } from './profile.view';

/** A user's profile with addresses, read through the cache: Redis first, Postgres on a miss or with Redis down. */
@Injectable()
export class GetProfileHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly addresses: AddressRepository,
    private readonly cache: ProfileCache,
  ) {}

  async execute(userId: string): Promise<Result<ProfileView>> {
    if (!isUuid(userId)) return err(UserErrors.notFound(userId));
    const view = await this.cache.get(userId, () => this.load(userId));
    return view ? ok(view) : err(UserErrors.notFound(userId));
  }

  private async load(userId: string): Promise<ProfileView | null> {
    const user = await this.users.findById(userId);
    if (!user) return null;
    return {
      user: toUserView(user),
      addresses: (await this.addresses.listByUser(userId)).map(toAddressView),
    };
  }
}
