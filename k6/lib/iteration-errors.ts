import { Counter } from 'k6/metrics';

// k6 logs an exception thrown by an iteration and goes on; no built-in metric counts it. The
// scenarios' iteration functions are wrapped so a script error is a number a threshold can
// judge (`iteration_errors: ['count==0']`) under k6 and under the runner alike.
const iterationErrors = new Counter('iteration_errors');

export const countingErrors =
  <Data>(iteration: (data: Data) => Promise<void>) =>
  async (data: Data): Promise<void> => {
    try {
      await iteration(data);
    } catch (error) {
      iterationErrors.add(1);
      throw error;
    }
  };
