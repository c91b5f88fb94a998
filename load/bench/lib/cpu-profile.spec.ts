import { hotSpots, type CpuProfile } from './cpu-profile.ts';

describe('hot spots of a .cpuprofile', () => {
  it('ranks functions by self time and adds them up per package', () => {
    const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
    const profile: CpuProfile = {
      startTime: 0,
      endTime: 1,
      nodes: [
        { id: 1, callFrame: frame('(idle)', ''), hitCount: 500 },
        { id: 2, callFrame: frame('(garbage collector)', ''), hitCount: 10 },
        {
          id: 3,
          callFrame: frame('parse', 'file:///repo/node_modules/pg-protocol/dist/parser.js', 9),
          hitCount: 30,
        },
        {
          id: 4,
          callFrame: frame('emit', 'file:///repo/node_modules/@opentelemetry/sdk-trace-base/build/span.js'),
          hitCount: 20,
        },
        { id: 5, callFrame: frame('handle', 'file:///repo/dist/apps/order/src/main.js', 41), hitCount: 25 },
        {
          id: 6,
          callFrame: frame('parse', 'file:///repo/node_modules/pg-protocol/dist/parser.js', 9),
          hitCount: 15,
        },
      ],
    };
    const spots = hotSpots(profile, 3);
    expect(spots.functions).toEqual([
      { name: 'parse', where: 'node_modules/pg-protocol/dist/parser.js:10', selfPercent: 45 },
      { name: 'handle', where: 'dist/apps/order/src/main.js:42', selfPercent: 25 },
      { name: 'emit', where: 'node_modules/@opentelemetry/sdk-trace-base/build/span.js:1', selfPercent: 20 },
    ]);
    expect(spots.packages).toEqual({
      'node_modules/pg-protocol': 45,
      'app code (dist/)': 25,
      'node_modules/@opentelemetry/sdk-trace-base': 20,
    });
  });

  it('names the library that called a native function, above node internals', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const spots = hotSpots({
      startTime: 0,
      endTime: 1,
      nodes: [
        { id: 1, callFrame: frame('write', 'file:///r/node_modules/pg/lib/connection.js'), children: [2] },
        { id: 2, callFrame: frame('writeGeneric', 'node:internal/stream_base_commons'), children: [3] },
        { id: 3, callFrame: frame('writev', ''), hitCount: 4 },
      ],
    });
    expect(spots.functions).toEqual([
      { name: 'writev <- write', where: 'node_modules/pg/lib/connection.js:1', selfPercent: 100 },
    ]);
    expect(spots.packages).toEqual({ 'node_modules/pg': 100 });
  });
});
