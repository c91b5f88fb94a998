import type { SagaHistoryEntry } from '../api/api-types';

export type StepKind = 'forward' | 'compensation' | 'outcome';
export type StepOutcome = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'confirmed' | 'cancelled';

/** One bar of the timeline: a step from its STARTED line to the line that ended it. */
export interface TimelineStep {
  step: string;
  label: string;
  kind: StepKind;
  outcome: StepOutcome;
  startedAt: string;
  /** Null while the step runs. */
  endedAt: string | null;
  durationMs: number | null;
  /** The failure code (PAYMENT.DECLINED, ORDER.STEP_TIMED_OUT...) or null. */
  code: string | null;
  /** What the line says: a reservation id, a decline reason, VOIDED/REFUNDED... */
  detail: string | null;
  /** Re-sends of an unanswered compensation, and late replies the saga ignored. */
  notes: string[];
}

// The saga's steps in words (docs/saga.md, libs/order/domain/src/lib/saga/place-order-saga.definition.ts).
const STEPS: Readonly<Record<string, { label: string; kind: StepKind }>> = {
  RESERVE_STOCK: { label: 'Reserve stock', kind: 'forward' },
  AUTHORIZE_PAYMENT: { label: 'Authorize payment', kind: 'forward' },
  COMMIT_STOCK: { label: 'Commit stock', kind: 'forward' },
  CAPTURE_PAYMENT: { label: 'Capture payment', kind: 'forward' },
  RELEASE_STOCK: { label: 'Release stock (compensation)', kind: 'compensation' },
  CANCEL_PAYMENT: { label: 'Cancel payment (compensation)', kind: 'compensation' },
  ORDER: { label: 'Order', kind: 'outcome' },
};

const ENDINGS: Readonly<Record<string, StepOutcome>> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timed-out',
};

/**
 * The order's step history (GET /v1/orders/{id} `steps`, oldest first) as
 * timeline bars. The history is a log of lines; a bar pairs a step's STARTED
 * line with the SUCCEEDED, FAILED or TIMED_OUT line that ended it. Pure: the
 * order page renders whatever the latest order body says, live or not.
 */
export function sagaTimeline(history: readonly SagaHistoryEntry[]): TimelineStep[] {
  const bars: TimelineStep[] = [];
  const open = new Map<string, TimelineStep>(); // step name -> its running bar
  for (const line of history) {
    const running = open.get(line.step);
    if (line.event === 'STARTED') {
      const bar = newBar(line);
      bars.push(bar);
      open.set(line.step, bar);
    } else if (line.event in ENDINGS) {
      const bar = running ?? pushed(bars, newBar(line)); // an end without a start still shows
      end(bar, line, ENDINGS[line.event] ?? 'failed');
      open.delete(line.step);
    } else if (line.event === 'CONFIRMED' || line.event === 'CANCELLED') {
      const bar = pushed(bars, newBar(line));
      end(bar, line, line.event === 'CONFIRMED' ? 'confirmed' : 'cancelled');
    } else {
      // RETRIED (a compensation re-sent), REPLY_IGNORED (a late or duplicate reply): a note on the step.
      const bar = running ?? [...bars].reverse().find((candidate) => candidate.step === line.step);
      bar?.notes.push(`${line.event}${line.detail ? `: ${line.detail}` : ''} (${line.at})`);
    }
  }
  return bars;
}

function newBar(line: SagaHistoryEntry): TimelineStep {
  const known = STEPS[line.step];
  return {
    step: line.step,
    label: known?.label ?? line.step,
    kind: known?.kind ?? 'forward',
    outcome: 'running',
    startedAt: line.at,
    endedAt: null,
    durationMs: null,
    code: line.code,
    detail: line.detail,
    notes: [],
  };
}

function end(bar: TimelineStep, line: SagaHistoryEntry, outcome: StepOutcome): void {
  bar.outcome = outcome;
  bar.endedAt = line.at;
  bar.durationMs = Math.max(0, Date.parse(line.at) - Date.parse(bar.startedAt));
  bar.code = line.code ?? bar.code;
  bar.detail = line.detail ?? bar.detail;
}

function pushed(bars: TimelineStep[], bar: TimelineStep): TimelineStep {
  bars.push(bar);
  return bar;
}
