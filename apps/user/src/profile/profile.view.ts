import type { AddressSnapshot, Role, UserSnapshot } from '@shop/user-domain';

/** What GetProfile returns and what the cache stores: JSON-safe, no password hash. */
export interface ProfileView {
  readonly user: UserView;
  readonly addresses: readonly AddressView[];
}

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  /** RFC 3339. */
  readonly createdAt: string;
}

export interface AddressView {
  readonly id: string;
  readonly line1: string;
  readonly line2: string;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
  /** RFC 3339. */
  readonly createdAt: string;
}

export const toUserView = (user: UserSnapshot): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
});

export const toAddressView = (address: AddressSnapshot): AddressView => ({
  id: address.id,
  line1: address.line1,
  line2: address.line2,
  city: address.city,
  postalCode: address.postalCode,
  country: address.country,
  createdAt: address.createdAt.toISOString(),
});

/** A cached value is trusted only if it still has the shape this version writes. */
export function isProfileView(value: unknown): value is ProfileView {
  const view = value as Partial<ProfileView> | null;
  return (
    typeof view === 'object' &&
    view !== null &&
    typeof view.user?.id === 'string' &&
    typeof view.user.email === 'string' &&
    Array.isArray(view.addresses)
  );
}
