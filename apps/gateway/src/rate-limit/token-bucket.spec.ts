import { bucketKey } from './token-bucket';

describe('bucket keys', () => {
  it('<prefix>:<policy>:{<subject>}: the subject is the Redis Cluster hash tag', () => {
    expect(bucketKey('rl', 'ip', '203.0.113.7')).toBe('rl:ip:{203.0.113.7}');
    expect(bucketKey('rl', 'ip', '2001:db8:0:0::/64')).toBe('rl:ip:{2001:db8:0:0::/64}');
    expect(bucketKey('it:abc', 'user', '3b241101-e2bb-4255-8caf-4136c566a962')).toBe(
      'it:abc:user:{3b241101-e2bb-4255-8caf-4136c566a962}',
    );
  });

  it('hashes a subject that could break the hash tag or bloat the key', () => {
    const key = bucketKey('rl', 'user', 'evil}{sub');
    expect(key).toMatch(/^rl:user:\{[0-9a-f]{32}\}$/);
    expect(bucketKey('rl', 'user', 'x'.repeat(500))).toMatch(/^rl:user:\{[0-9a-f]{32}\}$/);
  });
});
