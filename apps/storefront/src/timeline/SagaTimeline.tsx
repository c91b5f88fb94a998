import type { SagaHistoryEntry } from '../api/api-types';
import { formatTime } from '../components/format';
import { sagaTimeline } from './saga-timeline';

/**
 * The saga, one row per step: when it started and ended, how long it took,
 * its outcome (colour and word) and why it failed; compensations are set
 * apart. Styled by class only: the gateway's Content-Security-Policy allows
 * no inline styles.
 */
export function SagaTimeline({ history }: { history: SagaHistoryEntry[] }) {
  const bars = sagaTimeline(history);
  if (bars.length === 0) return <p className="muted">No saga steps yet.</p>;
  return (
    <ol className="timeline" aria-label="Saga timeline">
      {bars.map((bar, index) => (
        <li
          key={index}
          className={`timeline-step kind-${bar.kind} outcome-${bar.outcome}`}
          data-step={bar.step}
          data-outcome={bar.outcome}
        >
          <span className="timeline-label">{bar.label}</span>
          <span className="timeline-outcome">{bar.outcome}</span>
          <span className="timeline-times">
            {formatTime(bar.startedAt)}
            {bar.endedAt ? ` → ${formatTime(bar.endedAt)} (${bar.durationMs} ms)` : ' → …'}
          </span>
          {(bar.code || bar.detail) && (
            <span className="timeline-detail">
              {bar.code && <code>{bar.code}</code>} {bar.detail}
            </span>
          )}
          {bar.notes.map((note) => (
            <span key={note} className="timeline-note">
              {note}
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
