import { useEffect, useState } from 'react';
import type { ActiveFaults } from '../api/api-types';
import { activeFaults } from '../api/shop-api';

/** How often the banner asks again: a knob turned with `make fault` shows within this. */
const REFRESH_MS = 5_000;

/**
 * A banner while a fault knob is on (`make fault`, docs/faults.md), so a learner
 * who sees a declined card or a slow saga knows whether they caused it. Outside
 * local mode the gateway lists no knob and nothing shows; an error hides it too:
 * the banner never gets in the way of shopping.
 */
export function FaultBanner() {
  const [knobs, setKnobs] = useState<ActiveFaults['knobs']>([]);
  useEffect(() => {
    const abort = new AbortController();
    const refresh = () =>
      activeFaults(abort.signal).then(
        (faults) => setKnobs(faults.knobs),
        () => setKnobs([]),
      );
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      clearInterval(timer);
      abort.abort();
    };
  }, []);
  if (knobs.length === 0) return null;
  return (
    <div className="fault-banner" role="status" aria-label="fault knobs on">
      <strong>Fault knobs on:</strong>{' '}
      {knobs.map((knob) => (
        <span key={knob.name} className="fault-knob" title={knob.simulates}>
          <code>
            {knob.name} = {knob.value}
          </code>{' '}
          ({knob.simulates})
        </span>
      ))}{' '}
      <span className="muted">clear them with make fault ARGS=&quot;clear all&quot;</span>
    </div>
  );
}
