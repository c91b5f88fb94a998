import { currentIteration, maybeCurrentIteration } from './iteration.ts';

// The runner's `k6/execution`, the parts k6/README.md lists: the current scenario and VU.
// As in k6, reading them outside VU code (the init context, setup, teardown) is an error.

const scenario = {
  get name() {
    return currentIteration('exec.scenario').scenario.name;
  },
  get executor() {
    return currentIteration('exec.scenario').scenario.executor;
  },
  get startTime() {
    return currentIteration('exec.scenario').scenario.startTime;
  },
  get iterationInTest() {
    return currentIteration('exec.scenario').scenario.iterationInTest;
  },
};

const vu = {
  get idInTest() {
    return vuOf('exec.vu').idInTest;
  },
  get iterationInScenario() {
    return vuOf('exec.vu').iterationInScenario;
  },
};

function vuOf(api: string) {
  const current = currentIteration(api).vu;
  if (!current) throw new Error(`${api} was read outside a VU (setup or teardown)`);
  return current;
}

/** The `__VU` global: 0 outside a VU, as in k6. */
export const currentVuId = (): number => maybeCurrentIteration()?.vu?.idInTest ?? 0;
/** The `__ITER` global: the VU's iteration number. */
export const currentIterationNumber = (): number => maybeCurrentIteration()?.vu?.iterationInScenario ?? 0;

export default { scenario, vu };
