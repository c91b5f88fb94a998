/**
 * The token bucket, as one Lua script: Redis runs a script atomically, so the
 * read-refill-take-write below never interleaves with another request's. Done
 * from Node as GET then SET, two gateway replicas (or two requests on one) would
 * both read "1 token left" and both pass: the same race as a read-check-write
 * stock update (P11).
 *
 * Time comes from Redis (`TIME`), not from the caller: replicas whose clocks
 * disagree still compute the same refill, and a replica with a clock running
 * ahead cannot refill buckets early. Redis >= 5 replicates a script's effects,
 * not the script, so a non-deterministic TIME is allowed here. A clock that
 * went backwards (a failover to a replica that is behind) refills nothing.
 *
 * The bucket is one hash {tokens, ts}. Its TTL is the time it takes to refill
 * completely: a full bucket and a missing key mean the same, so idle buckets
 * vanish on their own and the key space holds only active clients.
 *
 * KEYS[1] the bucket; ARGV[1] burst (capacity); ARGV[2] refill, tokens per second;
 * ARGV[3] cost: 1 takes a token, -1 gives one back.
 * Returns { allowed (1|0), whole tokens left, ms until the next whole token (0 when full) }.
 */
export const TOKEN_BUCKET_LUA = `
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate / 1000000)
end

local allowed = 0
if tokens >= cost then
  tokens = math.min(burst, tokens - cost)
  allowed = 1
end

local wait_us = 0
if allowed == 0 then
  wait_us = (cost - tokens) * 1000000 / rate
elseif tokens < burst then
  wait_us = (math.floor(tokens) + 1 - tokens) * 1000000 / rate
end

local full_ms = math.ceil((burst - tokens) * 1000 / rate)
if full_ms > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)
  redis.call('PEXPIRE', KEYS[1], full_ms)
else
  redis.call('DEL', KEYS[1])
end
return { allowed, math.floor(tokens), math.ceil(wait_us / 1000) }
`;
