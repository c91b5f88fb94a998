import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayUnderTest } from '../testing/gateway.under-test';

// GET /v1/lab/faults through the real gateway, reading the state file `make fault` writes
// (tools/fault/fault-state.ts): present, absent, and not in its format. Ports 22910-22913
// (the fault knobs' range); 22919 is closed.
const PORTS = { userGrpc: 22910, userAdmin: 22911, http: 22912, admin: 22913, closed: 22919 };
const dir = mkdtempSync(join(tmpdir(), 'lab-faults-'));
const stateFile = join(dir, 'state.json');

describe('gateway GET /v1/lab/faults', () => {
  let gateway: GatewayUnderTest;

  beforeAll(async () => {
    gateway = await startGateway({ ports: PORTS, env: { LAB_FAULTS_STATE_FILE: stateFile } });
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the active knobs of the state file, without a token, read afresh on every request', async () => {
    const state = {
      updatedAt: '2026-03-01T10:00:00.000Z',
      knobs: [{ name: 'provider.decline-rate', value: '1', simulates: 'cards declined by the bank' }],
    };
    writeFileSync(stateFile, JSON.stringify(state));
    expect((await gateway.http().get('/v1/lab/faults').expect(200)).body).toEqual(state);

    writeFileSync(stateFile, JSON.stringify({ ...state, knobs: [] }));
    expect((await gateway.http().get('/v1/lab/faults').expect(200)).body).toEqual({ ...state, knobs: [] });
  });

  it('no state file yet (no knob turned since make up): no knob on', async () => {
    rmSync(stateFile, { force: true });
    expect((await gateway.http().get('/v1/lab/faults').expect(200)).body).toEqual({
      knobs: [],
      updatedAt: null,
    });
  });

  it.each([
    ['not JSON', '{"knobs": [', /is not JSON/],
    [
      'another shape',
      JSON.stringify({ knobs: 'all of them' }),
      /not in make fault's format \((updatedAt|knobs)/,
    ],
  ])('a state file that is %s: 503 problem+json naming the file and the fix', async (_, content, detail) => {
    writeFileSync(stateFile, content);
    const res = await gateway.http().get('/v1/lab/faults').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'LAB.FAULT_STATE_UNREADABLE' });
    expect(res.body.detail).toMatch(detail);
    expect(res.body.detail).toContain(stateFile);
    expect(res.body.detail).toContain('make fault ARGS=list');
  });
});
