import { ClientIpResolver, ipSubject, normalizeIp, stripPort } from './client-ip';

describe('client IP (who the per-IP limit counts)', () => {
  describe('without trusted proxies', () => {
    const resolver = new ClientIpResolver([]);

    it('is the TCP peer; X-Forwarded-For is ignored (anyone can send one)', () => {
      expect(resolver.resolve('203.0.113.7', '198.51.100.1')).toBe('203.0.113.7');
      expect(resolver.resolve('127.0.0.1', '198.51.100.1, 10.0.0.1')).toBe('127.0.0.1');
    });

    it('normalizes IPv4-mapped IPv6 peers; no peer is "unknown"', () => {
      expect(resolver.resolve('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
      expect(resolver.resolve(undefined, '198.51.100.1')).toBe('unknown');
    });
  });

  describe('behind trusted proxies (Kubernetes: sidecar on loopback, ingress in the pod CIDR)', () => {
    const resolver = new ClientIpResolver(['127.0.0.0/8', '::1/128', '10.244.0.0/16']);

    it('takes the rightmost address no trusted proxy added', () => {
      // client -> ingress (10.244.1.5 appends what it saw) -> sidecar (127.0.0.6) -> gateway
      expect(resolver.resolve('127.0.0.6', '203.0.113.7')).toBe('203.0.113.7');
      expect(resolver.resolve('127.0.0.6', '203.0.113.7, 10.244.1.5')).toBe('203.0.113.7');
    });

    it('does not believe what the client wrote left of it (a forged header gets no fresh bucket)', () => {
      expect(resolver.resolve('127.0.0.6', '1.2.3.4, 5.6.7.8, 203.0.113.7')).toBe('203.0.113.7');
      expect(resolver.resolve('127.0.0.6', ['1.2.3.4', '203.0.113.7, 10.244.0.9'])).toBe('203.0.113.7');
    });

    it('ignores the header when the peer itself is not a trusted proxy', () => {
      expect(resolver.resolve('198.51.100.9', '203.0.113.7')).toBe('198.51.100.9');
    });

    it('stops at garbage where a proxy should have written an address', () => {
      expect(resolver.resolve('127.0.0.6', '203.0.113.7, not-an-ip')).toBe('127.0.0.6');
      expect(resolver.resolve('127.0.0.6', '203.0.113.7, not-an-ip, 10.244.0.9')).toBe('10.244.0.9');
    });

    it('every hop trusted (or no header): the farthest one', () => {
      expect(resolver.resolve('127.0.0.6', '10.244.0.3, 10.244.0.9')).toBe('10.244.0.3');
      expect(resolver.resolve('127.0.0.6', undefined)).toBe('127.0.0.6');
    });

    it('understands ports, brackets and IPv6', () => {
      expect(resolver.resolve('127.0.0.6', '203.0.113.7:51234')).toBe('203.0.113.7');
      expect(resolver.resolve('::1', '[2001:DB8::1]:443')).toBe('2001:db8::1');
      expect(resolver.resolve('::ffff:127.0.0.6', '2001:db8::1')).toBe('2001:db8::1');
    });

    it('reads a Fastify/Node request', () => {
      const request = {
        socket: { remoteAddress: '127.0.0.6' },
        headers: { 'x-forwarded-for': '203.0.113.7' },
      };
      expect(resolver.ofRequest(request)).toBe('203.0.113.7');
    });
  });

  it('normalizeIp / stripPort', () => {
    expect(normalizeIp('FE80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('300.1.1.1')).toBeUndefined();
    expect(normalizeIp('unknown')).toBeUndefined();
    expect(stripPort('2001:db8::1')).toBe('2001:db8::1');
    expect(stripPort('[::1]')).toBe('::1');
    expect(stripPort('1.2.3.4:80')).toBe('1.2.3.4');
  });

  it('buckets IPv6 clients by /64 (one host usually owns a whole /64), IPv4 by address', () => {
    expect(ipSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:db8:1:2::9')).toBe(ipSubject('2001:db8:1:2:ffff::1'));
    expect(ipSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
    expect(ipSubject('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(ipSubject('2001:0db8:0000:0001::')).toBe('2001:db8:0:1::/64');
  });
});
