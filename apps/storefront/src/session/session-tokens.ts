import { ApiProblem } from '../api/problem';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** A call of the API with an access token: `(token) => getOrder(token, orderId)`. */
export type AuthorizedRequest<T> = (accessToken: string) => Promise<T>;

const isUnauthorized = (error: unknown) => error instanceof ApiProblem && error.status === 401;

/**
 * A customer's token pair, renewed when the gateway stops accepting the access token. An
 * access token lives 15 minutes (ACCESS_TOKEN_TTL_SECONDS): without renewal a learner who keeps
 * the storefront open beside a lab is logged out four times an hour. On a 401, `call` renews the
 * pair once with the refresh token (POST /v1/auth/refresh) and makes the call again; a 401 after
 * that is final. The refresh token is single use, and presenting a spent one revokes its whole
 * family (the user service's rotation, as POST /v1/auth/refresh documents): so concurrent 401s wait for one renewal, never send the same refresh
 * token twice. A renewal refused with a 401 ends the session (`onChange(null)`): log in again.
 */
export class SessionTokens {
  private renewal: Promise<TokenPair> | null = null;

  constructor(
    private pair: TokenPair | null,
    private readonly renew: (refreshToken: string) => Promise<TokenPair>,
    private readonly onChange: (pair: TokenPair | null) => void,
  ) {}

  async call<T>(request: AuthorizedRequest<T>): Promise<T> {
    const used = this.pair;
    if (!used) throw new ApiProblem({ status: 401, title: 'Not logged in' }, null);
    try {
      return await request(used.accessToken);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      const renewed = await this.renewedAfter(used);
      return request(renewed.accessToken);
    }
  }

  private renewedAfter(used: TokenPair): Promise<TokenPair> {
    // Another call renewed the pair while this one was out: use the new one.
    if (this.pair && this.pair.accessToken !== used.accessToken) return Promise.resolve(this.pair);
    this.renewal ??= this.renew(used.refreshToken)
      .then(
        (pair) => {
          this.pair = pair;
          this.onChange(pair);
          return pair;
        },
        (error: unknown) => {
          if (isUnauthorized(error)) {
            this.pair = null;
            this.onChange(null);
          }
          throw error;
        },
      )
      .finally(() => {
        this.renewal = null;
      });
    return this.renewal;
  }
}
