/**
 * The error `work` throws, checked to be a `type`, for assertions on its fields:
 * `expect(thrownBy(ConfigError, () => loadConfig(schema, env)).problems)`.
 * Fails the test when `work` returns, or throws anything else.
 */
export function thrownBy<E extends Error>(
  type: abstract new (...args: never[]) => E,
  work: () => unknown,
): E {
  try {
    work();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}
