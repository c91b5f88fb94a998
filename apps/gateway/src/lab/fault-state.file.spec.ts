import { FaultStateFile } from './fault-state.file';

describe('FaultStateFile', () => {
  it('without a file configured (compose, Kubernetes): no knob on, never a read', async () => {
    expect(await new FaultStateFile(undefined).read()).toEqual({ knobs: [], updatedAt: null });
  });

  it('a path that is a folder cannot be read: the unreadable-state error, not a crash', async () => {
    await expect(new FaultStateFile(__dirname).read()).rejects.toMatchObject({
      code: 'LAB.FAULT_STATE_UNREADABLE',
      httpStatus: 503,
    });
  });
});
