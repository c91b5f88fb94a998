/** One HTTP answer as `curl -si` prints it: status, headers (lower-case names), body. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The answers in a step's output, in order (a step may print several `curl -si`). */
export function httpAnswers(stdout: string): HttpAnswer[] {
  const starts = [...stdout.matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)];
  return starts.map((start, i) => {
    const text = stdout.slice(start.index, starts[i + 1]?.index ?? stdout.length).replace(/\r/g, '');
    const [head = '', ...rest] = text.split('\n\n');
    const headers = Object.fromEntries(
      head
        .split('\n')
        .slice(1)
        .map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
    );
    return { status: Number(start[1]), headers, body: rest.join('\n\n').trim() };
  });
}

/**
 * The JSON body of an answer. The gateway writes JSON on one line, with no newline after it:
 * whatever follows on the next lines was printed by the step's next command.
 */
export const jsonOf = <T = Record<string, unknown>>(answer: HttpAnswer | undefined): T => {
  if (!answer) throw new Error('no HTTP answer in the step output');
  return JSON.parse(answer.body.split('\n')[0] ?? '') as T;
};
