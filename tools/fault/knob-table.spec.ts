import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultError } from './fault-error';
import { appNames, findKnob, knobTable } from './knob-table';

const appsSh = readFileSync(join(__dirname, '../../scripts/local/apps.sh'), 'utf8');
const knobs = knobTable(appNames(appsSh));
const parse = (name: string, raw: string) => findKnob(knobs, name).kind.parse(raw);

describe('the fault knob table', () => {
  it('has one app knob per app of scripts/local/apps.sh, in start order', () => {
    expect(appNames(appsSh)).toEqual([
      'payment-provider',
      'user',
      'inventory',
      'payment',
      'order',
      'notification',
      'gateway',
    ]);
    expect(knobs.filter((knob) => knob.group === 'app').map((knob) => knob.name)).toContain('app.payment');
  });

  it('covers the provider, every app, the PostgreSQL and Redis links and the broker, each name once', () => {
    const names = knobs.map((knob) => knob.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'provider.latency-ms',
        'provider.decline-rate',
        'provider.timeout-rate',
        'postgres.latency-ms',
        'postgres.outage',
        'redis.latency-ms',
        'redis.outage',
        'kafka.outage',
      ]),
    );
  });

  it("every knob's value when off is a value it accepts", () => {
    for (const knob of knobs) expect(knob.kind.parse(knob.off)).toBe(knob.off);
  });

  it.each([
    ['provider.latency-ms', '1500', '1500'],
    ['provider.latency-ms', '007', '7'],
    ['provider.decline-rate', '1', '1'],
    ['provider.decline-rate', '0.25', '0.25'],
    ['provider.decline-rate', '.5', '0.5'],
    ['app.payment', 'frozen', 'frozen'],
    ['postgres.outage', 'on', 'on'],
  ])('%s accepts %s (as %s)', (name, raw, parsed) => {
    expect(parse(name, raw)).toBe(parsed);
  });

  it.each([
    ['provider.latency-ms', '-1'],
    ['provider.latency-ms', '120001'],
    ['provider.latency-ms', '1.5'],
    ['provider.hang-ms', '0'],
    ['provider.decline-rate', '1.01'],
    ['provider.decline-rate', 'half'],
    ['provider.decline-rate', '-0.5'],
    ['app.payment', 'paused'],
    ['kafka.outage', 'true'],
  ])('%s refuses %s, saying what it accepts', (name, raw) => {
    expect(() => parse(name, raw)).toThrow(FaultError);
    expect(() => parse(name, raw)).toThrow(expect.objectContaining({ fix: expect.stringMatching(/^give /) }));
  });

  it('an unknown knob is an error that lists the real ones', () => {
    expect(() => findKnob(knobs, 'provider.latency')).toThrow(
      expect.objectContaining({ fix: expect.stringContaining('provider.latency-ms') }),
    );
  });

  it('an apps.sh without an APPS list is an error, not an empty table', () => {
    expect(() => appNames('#!/usr/bin/env bash\n')).toThrow(/APPS=/);
  });
});
