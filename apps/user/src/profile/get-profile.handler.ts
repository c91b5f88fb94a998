import { Inject, Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { UserErrors } from '@shop/user-domain';
import { AddressRepository } from '../persistence/address.repository';
import { UserRepository } from '../persistence/user.repository';
import { isUuid } from '../uuid';
import { ProfileCache } from './profile-cache';
import { PROFILE_CACHE } from './profile-cache.provider';
import { ProfileView, toAddressView, toUserView } from './profile-view';

/**
 * A user's profile with addresses, cache-aside (P13): Redis first; on a miss (or
 * with Redis down) Postgres, then the cache is filled in the background so the
 * caller never waits on Redis twice.
 */
@Injectable()
export class GetProfileHandler {
  constructor(
    private readonly users: UserRepository,
    private readonly addresses: AddressRepository,
    @Inject(PROFILE_CACHE) private readonly cache: ProfileCache,
  ) {}

  async execute(userId: string): Promise<Result<ProfileView>> {
    if (!isUuid(userId)) return err(UserErrors.notFound(userId));
    const cached = await this.cache.get(userId);
    if (cached) return ok(cached);

    const user = await this.users.findById(userId);
    if (!user) return err(UserErrors.notFound(userId));
    const view: ProfileView = {
      user: toUserView(user),
      addresses: (await this.addresses.listByUser(userId)).map(toAddressView),
    };
    void this.cache.fill(userId, view); // never rejects: failures are counted inside
    return ok(view);
  }
}
