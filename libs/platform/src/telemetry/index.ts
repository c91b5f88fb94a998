// `@shop/platform/telemetry`: the SDK lifecycle and the meter helper.
export { createInstruments, getMeter } from './meter';
export { DURATION_BUCKETS_SECONDS } from './metric-views';
export { getTelemetry, startTelemetry, type Telemetry } from './telemetry-sdk';
export { telemetrySettingsFromEnv, type TelemetrySettings } from './telemetry-settings';
