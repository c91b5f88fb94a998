import { UserRegisteredV1 } from '@shop/contracts';
import { Email, EMAIL_PATTERN } from '@shop/user-domain';
import { z } from 'zod';

// The domain's email rule and the published user.registered.v1 contract (z.email()) must give
// the same answer for every address: an address the domain accepts but the contract refuses
// fails to publish its event inside the registration transaction, and the API answered 500.

const contractEmail = UserRegisteredV1.schema.shape.email;

describe('every address the domain accepts, the user.registered.v1 contract accepts', () => {
  it("the domain's pattern is z.email()'s, character for character (a domain may not import zod)", () => {
    expect({ source: EMAIL_PATTERN.source, flags: EMAIL_PATTERN.flags }).toEqual({
      source: z.regexes.email.source,
      flags: z.regexes.email.flags,
    });
  });

  it.each([
    'ada@example.com',
    "o'brien+shop@mail.example.ie",
    'first.last@sub.example.co.uk',
    `${'a'.repeat(64)}@${'b'.repeat(180)}.com`,
  ])('both accept %s', (address) => {
    const email = Email.parse(address);
    expect(email.ok).toBe(true);
    if (email.ok) expect(contractEmail.safeParse(email.value.value).success).toBe(true);
  });

  it.each([
    // Found by Schemathesis: RFC 5322 allows it, the contract does not; it was a 500, now a 400.
    "tc{!nt'!@de.4mygyr8a.com",
    'ünïcödé@exämple.de',
    'x@y.z',
    'no-at-sign.example.com',
    'two@@example.com',
    'space in@example.com',
    'nodot@localhost',
    `${'a'.repeat(250)}@x.com`, // the contract has no length bound; the domain's 254 is stricter
  ])('the domain refuses %s, so it is never published', (address) => {
    expect(Email.parse(address).ok).toBe(false);
  });

  it('the contract refuses what the domain would have let through before (the 500)', () => {
    expect(contractEmail.safeParse("tc{!nt'!@de.4mygyr8a.com").success).toBe(false);
  });
});
