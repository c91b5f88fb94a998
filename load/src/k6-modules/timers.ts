// The runner's `k6/timers`: Node's own timers are the same contract (k6's "k6/timers" page).
export { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
