import { createHash } from 'node:crypto';
import type { PolicyName } from './rate-limit-policies';

const SAFE_SUBJECT = /^[A-Za-z0-9.:/_-]{1,100}$/;

/**
 * `<prefix>:<policy>:{<subject>}`, e.g. `rl:ip:{203.0.113.7}`. The braces are a
 * Redis Cluster hash tag: only the subject picks the slot, so buckets spread
 * over the shards by client, and any key added for the same subject later
 * lands on the same shard as its bucket (a script may only touch keys of one
 * slot). A subject that could break the tag is hashed.
 */
export function bucketKey(prefix: string, policy: PolicyName, subject: string): string {
  return `${prefix}:${policy}:{${SAFE_SUBJECT.test(subject) ? subject : sha256Hex(subject)}}`;
}

/** Longer than any valid email (RFC 5321 path limit): hashed anyway, never stored. */
const MAX_EMAIL_LENGTH = 320;

/**
 * The login-account subject: the email as the user service compares it (trimmed,
 * lower case), hashed, so no address ends up in Redis keys (P23: no personal
 * data outside its owner). Undefined without a string email: the request is
 * then rejected by validation, still limited per IP.
 */
export function accountSubject(body: unknown): string | undefined {
  const email = (body as { email?: unknown } | null | undefined)?.email;
  if (typeof email !== 'string') return undefined;
  const normalized = email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
  return normalized ? sha256Hex(`login:${normalized}`) : undefined;
}

const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 32);
