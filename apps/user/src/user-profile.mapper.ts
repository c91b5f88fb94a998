import { userV1 } from '@shop/contracts';
import { UserSnapshot } from '@shop/user-domain';

/** Domain -> wire. The password hash never leaves the service. */
export const toUserProfile = (user: UserSnapshot): userV1.UserProfile => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
});
