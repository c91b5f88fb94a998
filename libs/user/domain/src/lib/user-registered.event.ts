/** Domain event: a customer registered. Published as `shop.user.registered.v1`. */
export interface UserRegistered {
  readonly type: typeof UserRegistered.type;
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly registeredAt: string;
}

export const UserRegistered = { type: 'shop.user.registered.v1' } as const;
