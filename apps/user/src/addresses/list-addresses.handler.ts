import { Injectable } from '@nestjs/common';
import { ok, Result } from '@shop/shared-kernel';
import { GetProfileHandler } from '../profile/get-profile.handler';
import { AddressView } from '../profile/profile.view';

/** The addresses are part of the cached profile view: the same cache-aside read. */
@Injectable()
export class ListAddressesHandler {
  constructor(private readonly profiles: GetProfileHandler) {}

  async execute(userId: string): Promise<Result<readonly AddressView[]>> {
    const profile = await this.profiles.execute(userId);
    return profile.ok ? ok(profile.value.addresses) : profile;
  }
}
