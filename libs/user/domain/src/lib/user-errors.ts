import { DomainError } from '@shop/shared-kernel';

export const UserErrors = {
  emailTaken: () => new DomainError('USER.EMAIL_TAKEN', 'conflict', 'a user with this email already exists'),
  notFound: (id: string) => new DomainError('USER.NOT_FOUND', 'not_found', `user ${id} does not exist`),
};
