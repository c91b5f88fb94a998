/** What `jq -c '{status, cancellation: .cancellation.code}, [.steps[] | "\(.step) \(.event)"]'` printed. */
export interface Timeline {
  readonly status: string;
  readonly cancellation: string | null;
  readonly steps: string[];
}

export function timelineOf(stdout: string): Timeline {
  const [head, steps] = stdout.trim().split('\n');
  return {
    ...(JSON.parse(head ?? '{}') as Omit<Timeline, 'steps'>),
    steps: JSON.parse(steps ?? '[]') as string[],
  };
}

/** The timeline once the saga finished: for `lab.until('timeline', finishedTimeline)`. */
export const finishedTimeline = (stdout: string): Timeline | undefined => {
  const timeline = timelineOf(stdout);
  return timeline.status === 'PENDING' ? undefined : timeline;
};
