import { startProbe } from './probe-process';

// A misconfigured service never starts; it says which variable is wrong.
describe('start-up with invalid configuration (P25)', () => {
  it('exits 1 naming the missing variable on stderr, as JSON and as plain text', async () => {
    const probe = await startProbe({ DATABASE_URL: '' });
    expect(await probe.exited).toBe(1);
    const stderr = probe.stderr();
    const [jsonLine, ...plain] = stderr.trim().split('\n');
    const parsed = JSON.parse(jsonLine ?? '{}') as { level: string; service: string; problems: string[] };
    expect(parsed).toMatchObject({ level: 'fatal', service: 'probe', msg: 'invalid configuration' });
    expect(parsed.problems).toContain('DATABASE_URL: is required but not set');
    expect(plain.join('\n')).toContain('DATABASE_URL: is required but not set');
  }, 30_000);

  it('reports every invalid variable at once', async () => {
    const probe = await startProbe({ REDIS_URL: 'http://nope', HTTP_PORT: '70000' });
    expect(await probe.exited).toBe(1);
    expect(probe.stderr()).toMatch(/REDIS_URL: must be a redis/);
    expect(probe.stderr()).toMatch(/HTTP_PORT: /);
  }, 30_000);
});
