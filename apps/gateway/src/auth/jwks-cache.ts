import {
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type FlattenedJWSInput,
} from 'jose';
import { errors } from 'jose';
import type { Logger } from 'pino';
import { z } from 'zod';

/** The keys could not be loaded at all: the caller cannot tell valid tokens from invalid ones. */
export class KeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the token verification keys are unavailable', { cause });
    this.name = 'KeysUnavailableError';
  }
}

export interface JwksCacheOptions {
  /** Source of the key set (the user service's GetJwks over gRPC). */
  fetchJwks: () => Promise<string>;
  /** Keys older than this are refreshed in the background; still used meanwhile. */
  ttlMs: number;
  /** At most one fetch per this interval, whatever the traffic: unknown `kid`s cannot DoS the issuer. */
  minRefreshIntervalMs: number;
  logger?: Logger;
  now?: () => number;
}

const jwkSetSchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().min(1) })).min(1),
});

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

const COLD_START_REFRESH_INTERVAL_MS = 1_000;

/**
 * The verification keys in memory. Verifying a token never waits on the
 * network, except (rate-limited) when a token names a `kid` the cache does
 * not know: that is how a key rotation reaches the gateway at once, without
 * waiting for the TTL. If the issuer is down, the keys already held keep working.
 */
export class JwksCache {
  private jwks: JSONWebKeySet | undefined;
  private keySet: LocalKeySet | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** For jose's `jwtVerify(token, cache.getKey, ...)`. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
    const keySet = await this.ensureLoaded();
    try {
      return await keySet(header, token);
    } catch (error) {
      // Unknown kid: maybe a new signing key. Refetch once (rate-limited) and retry.
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.mayRefresh()) throw error;
      await this.refresh().catch(() => undefined);
      return (this.keySet ?? keySet)(header, token);
    }
  };

  /** The key set for publishing (/.well-known/jwks.json). */
  async current(): Promise<JSONWebKeySet> {
    await this.ensureLoaded();
    return this.jwks as JSONWebKeySet;
  }

  /** Loads at start-up; a failure is only logged: the first request retries. */
  async warmUp(): Promise<void> {
    await this.refresh().catch(() => undefined);
  }

  private async ensureLoaded(): Promise<LocalKeySet> {
    if (!this.keySet) {
      // Holding no key at all, every request fails: retry sooner than the rate limit
      // (the issuer may simply have started after us), but still at most once a second.
      if (this.mayRefresh(COLD_START_REFRESH_INTERVAL_MS)) await this.refresh().catch(() => undefined);
      if (!this.keySet) throw new KeysUnavailableError(this.lastError);
    } else if (this.now() - this.loadedAt > this.options.ttlMs && this.mayRefresh()) {
      void this.refresh().catch(() => undefined); // stale-while-revalidate
    }
    return this.keySet;
  }

  private mayRefresh(intervalMs = this.options.minRefreshIntervalMs): boolean {
    return this.inFlight !== undefined || this.now() - this.lastAttemptAt >= intervalMs;
  }

  /** One fetch at a time; concurrent callers share it. */
  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const parsed = jwkSetSchema.parse(JSON.parse(await this.options.fetchJwks()));
      // Defence in depth: never hold (or republish) private key material.
      const jwks = { keys: parsed.keys.filter((key) => !('d' in key)) } as JSONWebKeySet;
      this.keySet = createLocalJWKSet(jwks);
      this.jwks = jwks;
      this.loadedAt = this.now();
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
      this.options.logger?.warn(
        { err: error, have_keys: this.keySet !== undefined },
        'fetching the token verification keys (JWKS) failed',
      );
      throw error;
    }
  }
}
