import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP, isIPv4 } from 'node:net';

/** The parts of a request that say who sent it. */
export interface ForwardedRequest {
  readonly socket?: { readonly remoteAddress?: string };
  readonly headers: IncomingHttpHeaders;
}

/**
 * Who is the client? The TCP peer, unless the peer is one of our own proxies:
 * then X-Forwarded-For is read from the right, skipping our proxies, and the
 * first address they did not add is the client. Everything left of it was sent
 * by the client and proves nothing (anyone can send `X-Forwarded-For: 1.2.3.4`
 * to get a fresh bucket per request); only entries appended by trusted hops are
 * believed. With no trusted proxies the header is ignored entirely.
 *
 * In Kubernetes the gateway's peer is its Istio sidecar (127.0.0.6) and the
 * ingress gateway appended the address it saw, so the trusted list is loopback
 * plus the pods' CIDR (deploy/k8s/apps/gateway/config.env).
 */
export class ClientIpResolver {
  private readonly trusted = new BlockList();
  private readonly trustsAnyone: boolean;

  /** `trustedProxies`: addresses or CIDR blocks (validated by the config schema). */
  constructor(trustedProxies: readonly string[]) {
    for (const entry of trustedProxies) {
      const [address = '', prefix] = entry.split('/');
      const family = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(prefix), family);
    }
    this.trustsAnyone = trustedProxies.length > 0;
  }

  /** The client of an HTTP request (Fastify's or Node's). */
  ofRequest(request: ForwardedRequest): string {
    return this.resolve(request.socket?.remoteAddress, request.headers['x-forwarded-for']);
  }

  /** The client's address, normalized (`::ffff:1.2.3.4` -> `1.2.3.4`); `unknown` without a peer. */
  resolve(peerAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    let client = peerAddress === undefined ? undefined : normalizeIp(peerAddress);
    if (client === undefined) return 'unknown';
    if (!this.trustsAnyone || !this.isTrusted(client)) return client;

    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = normalizeIp(stripPort(hops[i] ?? ''));
      // Garbage where a trusted proxy should have written an address: stop at the last good hop.
      if (hop === undefined) return client;
      client = hop;
      if (!this.isTrusted(hop)) return hop;
    }
    return client; // every hop is ours: the farthest one is the best we know
  }

  private isTrusted(address: string): boolean {
    return this.trusted.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}

/** A valid IP without zone id; IPv4-mapped IPv6 as plain IPv4. Undefined if not an IP. */
export function normalizeIp(raw: string): string | undefined {
  const address = raw.trim().split('%')[0]?.toLowerCase() ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  return isIP(address) === 0 ? undefined : address;
}

/** `1.2.3.4:5678` -> `1.2.3.4`, `[2001:db8::1]:443` -> `2001:db8::1`; bare IPv6 unchanged. */
export function stripPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4WithPort?.[1] ?? hop;
}

/**
 * The bucket subject of an address: IPv4 as is, IPv6 by its /64. One customer
 * line or host usually gets a whole /64, so keying by the full address would
 * give an attacker 2^64 fresh buckets.
 */
export function ipSubject(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandIpv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** `2001:db8::1` -> ['2001', 'db8', '0', '0', '0', '0', '0', '1'] (an embedded IPv4 tail becomes two groups). */
function expandIpv6(address: string): string[] {
  let text = address;
  const v4Tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4Tail?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4Tail[1].split('.').map(Number);
    text = `${text.slice(0, -v4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
