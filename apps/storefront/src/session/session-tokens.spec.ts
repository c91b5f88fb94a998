import { ApiProblem } from '../api/problem';
import { SessionTokens, type TokenPair } from './session-tokens';

const unauthorized = () => new ApiProblem({ status: 401, code: 'AUTH.UNAUTHENTICATED' }, null);
const first: TokenPair = { accessToken: 'access-1', refreshToken: 'refresh-1' };
const second: TokenPair = { accessToken: 'access-2', refreshToken: 'refresh-2' };

/** The gateway, as far as tokens go: accepts one access token; renews a refresh token once. */
function fakeGateway(accepted: string) {
  const renewals: string[] = [];
  const changes: Array<TokenPair | null> = [];
  const state = { accepted, renewable: new Map([[first.refreshToken, second]]) };
  const renew = async (refreshToken: string) => {
    renewals.push(refreshToken);
    const pair = state.renewable.get(refreshToken);
    state.renewable.delete(refreshToken); // single use
    if (!pair) throw unauthorized();
    state.accepted = pair.accessToken;
    return pair;
  };
  const request = async (token: string) => {
    await Promise.resolve(); // an answer arrives later, as over the network
    if (token !== state.accepted) throw unauthorized();
    return `ok with ${token}`;
  };
  return {
    renewals,
    changes,
    state,
    renew,
    request,
    onChange: (pair: TokenPair | null) => changes.push(pair),
  };
}

describe('SessionTokens', () => {
  it('calls with the access token, and renews nothing while it is accepted', async () => {
    const gateway = fakeGateway('access-1');
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    await expect(tokens.call(gateway.request)).resolves.toBe('ok with access-1');
    expect(gateway.renewals).toEqual([]);
  });

  it('on a 401 renews the pair with the refresh token, keeps it, and calls again', async () => {
    const gateway = fakeGateway('access-2'); // access-1 expired
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    await expect(tokens.call(gateway.request)).resolves.toBe('ok with access-2');
    expect(gateway.renewals).toEqual(['refresh-1']);
    expect(gateway.changes).toEqual([second]);
    await expect(tokens.call(gateway.request)).resolves.toBe('ok with access-2');
    expect(gateway.renewals).toEqual(['refresh-1']);
  });

  it('sends the single-use refresh token once for concurrent 401s', async () => {
    const gateway = fakeGateway('access-2');
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    const answers = await Promise.all([1, 2, 3].map(() => tokens.call(gateway.request)));
    expect(answers).toEqual(['ok with access-2', 'ok with access-2', 'ok with access-2']);
    expect(gateway.renewals).toEqual(['refresh-1']);
  });

  it('ends the session when the renewal is refused, and throws the 401', async () => {
    const gateway = fakeGateway('access-2');
    gateway.state.renewable.clear(); // refresh-1 spent or revoked
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    await expect(tokens.call(gateway.request)).rejects.toMatchObject({ status: 401 });
    expect(gateway.changes).toEqual([null]);
    await expect(tokens.call(gateway.request)).rejects.toMatchObject({ status: 401 });
    expect(gateway.renewals).toEqual(['refresh-1']); // nothing left to renew with
  });

  it('a 401 after a renewal is final: no second renewal', async () => {
    const gateway = fakeGateway('access-1');
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    const refusedAnyway = () => Promise.reject(unauthorized()); // e.g. the account was disabled
    await expect(tokens.call(refusedAnyway)).rejects.toMatchObject({ status: 401 });
    expect(gateway.renewals).toEqual(['refresh-1']);
  });

  it('passes any other failure through without renewing', async () => {
    const gateway = fakeGateway('access-1');
    const tokens = new SessionTokens(first, gateway.renew, gateway.onChange);
    const conflict = new ApiProblem({ status: 409, code: 'ORDER.IDEMPOTENCY_KEY_IN_USE' }, 1);
    await expect(tokens.call(() => Promise.reject(conflict))).rejects.toBe(conflict);
    expect(gateway.renewals).toEqual([]);
  });
});
