import { z } from 'zod';
import { shapedText, text } from '../request-fields';

// The registration as the document states it (request-fields.ts): the user service's rules,
// stated at the edge so the document says what is accepted. The service keeps them too.
export const registerUserBody = z
  .strictObject({
    // zod's email pattern, the shape the published user.registered.v1 event promises (email.ts).
    // The pattern alone, not `format: email`: the format means RFC 5321 to other tools (a local
    // part of 64 characters at most, quoted strings), which is not the rule here.
    email: shapedText(z.regexes.email, 'must be a valid email address', 254),
    password: text({ min: 8, max: 128 }),
    name: text({ min: 1, max: 100, notBlank: true }),
  })
  .meta({ id: 'RegisterUserRequest' });

export const userIdParam = text({ max: 64 });
