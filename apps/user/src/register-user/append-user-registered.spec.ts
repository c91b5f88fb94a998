import { UserRegisteredV1 } from '@shop/contracts';
import { Email } from '@shop/user-domain';

// The user.registered.v1 contract repeats the domain's email rule (a contract may not import a
// domain): the two must give the same answer for every address, or a registration the domain
// accepts fails to publish its event inside the transaction and the API answers 500.

const contractEmail = UserRegisteredV1.schema.shape.email;

describe('user.registered.v1 accepts exactly the addresses the domain accepts', () => {
  it.each([
    // Found by Schemathesis: valid for RFC 5322 and for the API document's `format: email`.
    "tc{!nt'!@de.4mygyr8a.com",
    'ada@example.com',
    "o'brien+shop@mail.example.ie",
    'x@y.z',
    'ünïcödé@exämple.de',
    `${'a'.repeat(64)}@${'b'.repeat(180)}.com`,
  ])('both accept %s', (address) => {
    const email = Email.parse(address);
    expect(email.ok).toBe(true);
    if (email.ok) expect(contractEmail.safeParse(email.value.value).success).toBe(true);
  });

  it.each([
    'no-at-sign.example.com',
    'two@@example.com',
    'space in@example.com',
    'nodot@localhost',
    '@example.com',
    `${'a'.repeat(250)}@x.com`,
  ])('both refuse %s', (address) => {
    expect(Email.parse(address).ok).toBe(false);
    expect(contractEmail.safeParse(address.trim().toLowerCase()).success).toBe(false);
  });
});
