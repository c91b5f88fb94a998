import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { err, ok, Result } from '@shop/shared-kernel';
import { Address, AddressInput, AddressSnapshot, UserErrors } from '@shop/user-domain';
import { DataSource } from 'typeorm';
import { AddressRepository } from '../persistence/address.repository';
import { UserRepository } from '../persistence/user.repository';
import { ProfileCache } from '../profile/profile-cache';
import { isUuid } from '../uuid';

export interface AddAddressCommand extends AddressInput {
  readonly userId: string;
}

/**
 * Adds an address within the per-user bound. Count and insert run under the
 * user's row lock: two concurrent adds at 9 of 10 cannot both pass the check
 * (a read-check-write race otherwise, the race behind oversold stock). The cached profile is
 * invalidated after the commit.
 */
@Injectable()
export class AddAddressHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly addresses: AddressRepository,
    private readonly cache: ProfileCache,
  ) {}

  async execute(command: AddAddressCommand): Promise<Result<AddressSnapshot>> {
    const input = Address.validate(command);
    if (!input.ok) return input;
    if (!isUuid(command.userId)) return err(UserErrors.notFound(command.userId));

    const result = await this.dataSource.transaction(async (tx): Promise<Result<AddressSnapshot>> => {
      if (!(await this.users.lockById(tx, command.userId))) return err(UserErrors.notFound(command.userId));
      const withinLimit = Address.checkLimit(await this.addresses.countByUser(tx, command.userId));
      if (!withinLimit.ok) return withinLimit;
      const address: AddressSnapshot = {
        id: randomUUID(),
        userId: command.userId,
        ...input.value,
        createdAt: new Date(),
      };
      await this.addresses.insert(tx, address);
      return ok(address);
    });
    if (result.ok) await this.cache.invalidate(command.userId);
    return result;
  }
}
