import { ScryptPasswordHasher } from './scrypt-password-hasher';

describe('ScryptPasswordHasher (P26: memory-hard, off the event loop)', () => {
  const hasher = new ScryptPasswordHasher();

  it('verifies the right password and rejects a wrong one', async () => {
    const encoded = await hasher.hash('correct horse battery');
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(hasher.verify('correct horse battery', encoded)).resolves.toBe(true);
    await expect(hasher.verify('correct horse batterz', encoded)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toEqual(await hasher.hash('same password'));
  });

  it('keeps the event loop responsive while hashing', async () => {
    // A timer scheduled during four concurrent hashes fires long before they finish:
    // the work runs on the thread pool. (Counts ticks, not milliseconds.)
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await Promise.all([1, 2, 3, 4].map(() => hasher.hash('p4ssword!')));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });

  it('rejects a malformed encoding without throwing', async () => {
    await expect(hasher.verify('x', 'bcrypt$whatever')).resolves.toBe(false);
  });
});
