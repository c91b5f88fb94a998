import type { SagaCommand, SagaReply, SagaReplyKind } from './saga-messages';
import {
  type CompensationState,
  type CompensationStep,
  isFinal,
  type PlaceOrderSagaData,
  type PlaceOrderSagaState,
  type SagaFailure,
  type SagaHistoryEntry,
} from './saga-state';
import { deadline, entry, type SagaTransition, unchanged } from './saga-transition';

// The engine knows no step by name: it reads a saga table (place-order-saga.definition.ts)
// and answers each input with the next state, the commands to send and the history lines.

export const STEP_TIMED_OUT = 'ORDER.STEP_TIMED_OUT';

type ReplyOf<K extends SagaReplyKind> = Extract<SagaReply, { kind: K }>;
type FailureReplyKind = Extract<SagaReply, { code: string }>['kind'];

/** What a completing reply teaches the saga (data for later steps, a history detail), or why it fails the step after all. */
export type StepResult =
  | { readonly learned?: Partial<PlaceOrderSagaData>; readonly detail?: string }
  | { readonly failure: { readonly code: string; readonly reason: string } };

/** One forward step: its participant command, the replies that end it, what undoes it, how long it may take. */
export interface SagaStep<K extends SagaReplyKind = SagaReplyKind> {
  readonly name: PlaceOrderSagaState['step'];
  readonly invoke: (saga: PlaceOrderSagaState) => SagaCommand;
  /** Data no later command needs: forgotten in the transaction that records this step's command. */
  readonly forgetOnceSent?: Partial<PlaceOrderSagaData>;
  readonly completedBy: K;
  onCompleted?(saga: PlaceOrderSagaState, reply: ReplyOf<K>): StepResult;
  /** The reply saying the step failed and, unless `failureIsDefiniteOnlyFor` says otherwise, did nothing. */
  readonly failedBy?: FailureReplyKind;
  /** Only these failure codes prove the step did nothing; after any other, the step is undone too. */
  readonly failureIsDefiniteOnlyFor?: readonly string[];
  /** What undoes this step; several steps may share one (it is sent once). */
  readonly compensation: CompensationStep | null;
  readonly timeoutMs: number;
}

export interface SagaCompensation<K extends SagaReplyKind = SagaReplyKind> {
  readonly invoke: (saga: PlaceOrderSagaState, reason: string) => SagaCommand;
  readonly completedBy: K;
  detail?(reply: ReplyOf<K>): string;
}

export interface SagaDefinition {
  readonly steps: readonly SagaStep[];
  /** In the order their commands are sent; all pending ones are sent together, to different participants. */
  readonly compensations: Readonly<Record<CompensationStep, SagaCompensation>>;
  readonly compensationTimeoutMs: number;
  /** How long the saga waits for the answer to re-send number `attempt` (1-based) of its compensations. */
  readonly compensationResendTimeoutMs: (attempt: number) => number;
}

// Typed rows: a row's callbacks read the reply its `completedBy` names. The widening casts are
// safe because the engine calls them only with that reply.
export const step = <K extends SagaReplyKind>(row: SagaStep<K>) => row as unknown as SagaStep;
export const compensation = <K extends SagaReplyKind>(row: SagaCompensation<K>) =>
  row as unknown as SagaCompensation;

/** The inputs after the start: a participant's reply, or the job noticing a deadline passed. */
export type SagaEvent = { readonly type: 'reply'; readonly reply: SagaReply } | { readonly type: 'timeout' };

/** Starts the saga at its first step: RUNNING, with that step's command and deadline. */
export function startSaga(definition: SagaDefinition, data: PlaceOrderSagaData, now: Date): SagaTransition {
  const [first] = definition.steps;
  if (!first) throw new Error('a saga needs at least one step');
  const fresh: PlaceOrderSagaState = {
    ...data,
    status: 'RUNNING',
    step: first.name,
    deadlineAt: null,
    compensations: compensationsPending(definition, []),
    compensationAttempts: 0,
    failure: null,
  };
  return enter(fresh, first, now, []);
}

export function handleSagaEvent(
  definition: SagaDefinition,
  state: PlaceOrderSagaState,
  event: SagaEvent,
  now: Date,
): SagaTransition {
  return event.type === 'reply'
    ? onReply(definition, state, event.reply, now)
    : onTimeout(definition, state, now);
}

/**
 * A reply that does not answer what the saga is waiting for right now (a duplicate,
 * one that arrives after its step timed out, one for a step not started) changes
 * nothing but a REPLY_IGNORED history line.
 */
function onReply(definition: SagaDefinition, state: PlaceOrderSagaState, reply: SagaReply, now: Date) {
  if (state.status === 'RUNNING') {
    const current = stepOf(definition, state);
    if (reply.kind === current.completedBy) return completed(definition, state, current, reply, now);
    if (reply.kind === current.failedBy && 'code' in reply) {
      const didNothing = current.failureIsDefiniteOnlyFor?.includes(reply.code) ?? true;
      return fail(definition, state, { code: reply.code, reason: reply.reason }, didNothing, now, 'FAILED');
    }
  } else if (state.status === 'COMPENSATING') {
    const answered = pendingCompensations(definition, state).find(
      (name) => definition.compensations[name].completedBy === reply.kind,
    );
    if (answered) return compensated(definition, state, answered, reply, now);
  }
  return ignored(definition, state, reply, now);
}

/**
 * A forward step past its deadline has an unknown outcome: it may still happen after
 * we gave up, so it is undone too. The participant receives the compensation after the
 * command on the same partition (both keyed by orderId), so it always applies it second.
 * An overdue compensation is re-sent (compensations must eventually succeed; the
 * participants apply them idempotently) with a growing deadline.
 */
function onTimeout(definition: SagaDefinition, state: PlaceOrderSagaState, now: Date): SagaTransition {
  if (isFinal(state) || state.deadlineAt === null || state.deadlineAt.getTime() > now.getTime()) {
    return unchanged(state);
  }
  if (state.status === 'RUNNING') {
    const reason = `${state.step} got no reply within ${stepOf(definition, state).timeoutMs} ms`;
    return fail(definition, state, { code: STEP_TIMED_OUT, reason }, false, now, 'TIMED_OUT');
  }
  const attempts = state.compensationAttempts + 1;
  const next: PlaceOrderSagaState = {
    ...state,
    compensationAttempts: attempts,
    deadlineAt: deadline(now, definition.compensationResendTimeoutMs(attempts)),
  };
  const pending = pendingCompensations(definition, next);
  return {
    state: next,
    commands: compensationCommands(definition, next),
    history: pending.map((name) =>
      entry(name, 'RETRIED', now, null, `no reply in time; re-sent (attempt ${attempts + 1})`),
    ),
    outcome: null,
    changed: true,
  };
}

/** Runs `step`: records its command, starts its deadline. */
function enter(state: PlaceOrderSagaState, step: SagaStep, now: Date, history: SagaHistoryEntry[]) {
  return {
    state: { ...state, ...step.forgetOnceSent, step: step.name, deadlineAt: deadline(now, step.timeoutMs) },
    commands: [step.invoke(state)],
    history: [...history, entry(step.name, 'STARTED', now)],
    outcome: null,
    changed: true,
  };
}

function completed(
  definition: SagaDefinition,
  state: PlaceOrderSagaState,
  current: SagaStep,
  reply: SagaReply,
  now: Date,
): SagaTransition {
  const result = current.onCompleted?.(state, reply) ?? {};
  if ('failure' in result) return fail(definition, state, result.failure, false, now, 'FAILED');
  const learned: PlaceOrderSagaState = { ...state, ...result.learned };
  const succeeded = entry(current.name, 'SUCCEEDED', now, null, result.detail ?? null);
  const next = definition.steps[definition.steps.indexOf(current) + 1];
  if (next) return enter(learned, next, now, [succeeded]);
  return {
    state: { ...learned, status: 'CONFIRMED', deadlineAt: null },
    commands: [],
    history: [succeeded, entry('ORDER', 'CONFIRMED', now)],
    outcome: { status: 'CONFIRMED' },
    changed: true,
  };
}

/**
 * The running step failed: undo every step before it, and the step itself unless it
 * surely did nothing. Sends every undo at once, or cancels when nothing needs undoing.
 */
function fail(
  definition: SagaDefinition,
  state: PlaceOrderSagaState,
  { code, reason }: { code: string; reason: string },
  didNothing: boolean,
  now: Date,
  event: 'FAILED' | 'TIMED_OUT',
): SagaTransition {
  const index = definition.steps.findIndex((s) => s.name === state.step);
  const toUndo = definition.steps
    .slice(0, didNothing ? index : index + 1)
    .flatMap((s) => s.compensation ?? []);
  const failure: SagaFailure = { code, reason, step: state.step };
  const next: PlaceOrderSagaState = {
    ...state,
    // Going backwards, no forward command is sent again: forget what only those needed.
    ...Object.assign({}, ...definition.steps.map((s) => s.forgetOnceSent)),
    status: 'COMPENSATING',
    failure,
    compensations: compensationsPending(definition, toUndo),
    compensationAttempts: 0,
    deadlineAt: deadline(now, definition.compensationTimeoutMs),
  };
  const history = [entry(state.step, event, now, code, reason)];
  const pending = pendingCompensations(definition, next);
  if (pending.length === 0) return cancelled(next, now, history);
  return {
    state: next,
    commands: compensationCommands(definition, next),
    history: [...history, ...pending.map((name) => entry(name, 'STARTED', now))],
    outcome: null,
    changed: true,
  };
}

/** A compensation reply: marks its undo done; once every undo is in, the order is cancelled. */
function compensated(
  definition: SagaDefinition,
  state: PlaceOrderSagaState,
  name: CompensationStep,
  reply: SagaReply,
  now: Date,
): SagaTransition {
  const next = { ...state, compensations: { ...state.compensations, [name]: 'DONE' as const } };
  const done = entry(name, 'SUCCEEDED', now, null, definition.compensations[name].detail?.(reply) ?? null);
  if (pendingCompensations(definition, next).length > 0) {
    return { state: next, commands: [], history: [done], outcome: null, changed: true };
  }
  return cancelled(next, now, [done]);
}

function cancelled(state: PlaceOrderSagaState, now: Date, history: SagaHistoryEntry[]): SagaTransition {
  const { code, reason } = state.failure as SagaFailure;
  return {
    state: { ...state, status: 'CANCELLED', deadlineAt: null },
    commands: [],
    history: [...history, entry('ORDER', 'CANCELLED', now, code, reason)],
    outcome: { status: 'CANCELLED', code, reason },
    changed: true,
  };
}

function ignored(definition: SagaDefinition, state: PlaceOrderSagaState, reply: SagaReply, now: Date) {
  const waitingFor =
    state.status === 'RUNNING'
      ? `step ${state.step}`
      : state.status === 'COMPENSATING'
        ? 'compensation'
        : `nothing (saga ${state.status})`;
  const detail = `${reply.kind} while waiting for ${waitingFor}`;
  return {
    state,
    commands: [],
    history: [entry(answeredStep(definition, reply), 'REPLY_IGNORED', now, null, detail)],
    outcome: null,
    changed: false,
  };
}

/** The step or compensation a reply answers, whether or not the saga waits for it now. */
function answeredStep(definition: SagaDefinition, reply: SagaReply) {
  const forward = definition.steps.find((s) => s.completedBy === reply.kind || s.failedBy === reply.kind);
  if (forward) return forward.name;
  const undo = compensationNames(definition).find(
    (name) => definition.compensations[name].completedBy === reply.kind,
  );
  if (undo) return undo;
  throw new Error(`${reply.kind} answers no step of this saga`);
}

function stepOf(definition: SagaDefinition, state: PlaceOrderSagaState): SagaStep {
  const current = definition.steps.find((s) => s.name === state.step);
  if (!current) throw new Error(`saga ${state.orderId} is at ${state.step}, a step its table does not have`);
  return current;
}

const compensationNames = (definition: SagaDefinition) =>
  Object.keys(definition.compensations) as CompensationStep[];

function compensationsPending(definition: SagaDefinition, pending: readonly CompensationStep[]) {
  const states = compensationNames(definition).map((name) => [
    name,
    pending.includes(name) ? 'PENDING' : 'NOT_NEEDED',
  ]);
  return Object.fromEntries(states) as Record<CompensationStep, CompensationState>;
}

const pendingCompensations = (definition: SagaDefinition, state: PlaceOrderSagaState) =>
  compensationNames(definition).filter((name) => state.compensations[name] === 'PENDING');

function compensationCommands(definition: SagaDefinition, state: PlaceOrderSagaState): SagaCommand[] {
  const reason = compensationReason(state.failure);
  return pendingCompensations(definition, state).map((name) =>
    definition.compensations[name].invoke(state, reason),
  );
}

/** The contracts bound a compensation reason to 1-500 characters. */
export function compensationReason(failure: SagaFailure | null): string {
  const text = failure ? `${failure.code}: ${failure.reason}` : 'order cancelled';
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
