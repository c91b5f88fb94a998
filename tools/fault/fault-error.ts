/** A failure the learner can act on: what failed, and how to fix it (printed as two lines). */
export class FaultError extends Error {
  readonly fix: string;

  constructor(message: string, fix: string) {
    super(message);
    this.name = 'FaultError';
    this.fix = fix;
  }
}
