import { userV1 } from '@shop/contracts';
import { UserSnapshot } from '@shop/user-domain';
import type { AddressView, UserView } from './profile/profile.view';

/** Domain -> wire. The password hash never leaves the service. */
export const toUserProfile = (user: UserSnapshot): userV1.UserProfile => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
});

export const viewToUserProfile = (user: UserView): userV1.UserProfile => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt,
});

export const toAddress = (address: AddressView): userV1.Address => ({
  addressId: address.id,
  line1: address.line1,
  line2: address.line2,
  city: address.city,
  postalCode: address.postalCode,
  country: address.country,
  createdAt: address.createdAt,
});
