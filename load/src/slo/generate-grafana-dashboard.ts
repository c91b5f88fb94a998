import { BURN_RATE_ALERTS, ERROR_RATIO_RECORD } from './generate-prometheus-rules.ts';
import { asPercent, objectivesOf, objectiveTitle, type Objective, type SloFile } from './slo-model.ts';

const DATASOURCE = { type: 'prometheus', uid: 'prometheus' };
export const SLO_DASHBOARD_UID = 'shop-slo';

/** The burn-rate windows each panel plots: the page alerts' short and long windows. */
const PLOTTED_WINDOWS = ['5m', '1h', '6h'] as const;

const sel = (objective: Objective) => `{slo="${objective.sloId}",objective="${objective.objectiveId}"}`;

/**
 * The "Shop SLOs" dashboard: per objective, the SLI over the last hour against its target and
 * the burn rate over three windows with the page thresholds (6x, 14.4x) drawn as lines. Built
 * on the recording rules, so a panel shows exactly what the alerts evaluate.
 */
export function generateGrafanaDashboard(file: SloFile, generatedFrom: string) {
  const objectives = objectivesOf(file);
  const pageFactors = BURN_RATE_ALERTS.filter((tier) => tier.severity === 'page').map((tier) => tier.factor);
  let id = 0;
  const panels: object[] = [
    {
      id: ++id,
      type: 'text',
      title: 'About',
      gridPos: { h: 3, w: 24, x: 0, y: 0 },
      options: {
        mode: 'markdown',
        content: `Generated from \`${generatedFrom}\` by \`bash scripts/load/slo.sh\`: do not edit. Burn rate 1 spends the error budget in exactly ${file.window}; the pages fire at ${pageFactors.join('x and ')}x (lines). See docs/performance.md.`,
      },
    },
  ];
  objectives.forEach((objective, index) => {
    const y = 3 + index * 7;
    const title = `${objective.sloId}: ${objectiveTitle(objective)}`;
    panels.push(
      {
        id: ++id,
        type: 'stat',
        title: `${title} (good ratio, 1h)`,
        description: objective.description,
        datasource: DATASOURCE,
        gridPos: { h: 7, w: 6, x: 0, y },
        fieldConfig: {
          defaults: {
            unit: 'percentunit',
            decimals: 3,
            thresholds: {
              mode: 'absolute',
              steps: [
                { color: 'red', value: null },
                { color: 'green', value: objective.target },
              ],
            },
          },
          overrides: [],
        },
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
          colorMode: 'background',
        },
        targets: [
          { refId: 'A', expr: `1 - ${ERROR_RATIO_RECORD('1h')}${sel(objective)}`, legendFormat: 'SLI' },
        ],
      },
      {
        id: ++id,
        type: 'timeseries',
        title: `${title}: burn rate (budget ${asPercent(objective.budget)} %)`,
        datasource: DATASOURCE,
        gridPos: { h: 7, w: 18, x: 6, y },
        fieldConfig: {
          defaults: {
            unit: 'x',
            min: 0,
            custom: { thresholdsStyle: { mode: 'line' } },
            thresholds: {
              mode: 'absolute',
              steps: [
                { color: 'green', value: null },
                ...[...pageFactors]
                  .sort((a, b) => a - b)
                  .map((factor, i) => ({
                    color: i === 0 ? 'orange' : 'red',
                    value: factor,
                  })),
              ],
            },
          },
          overrides: [],
        },
        options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
        targets: PLOTTED_WINDOWS.map((window, i) => ({
          refId: String.fromCharCode(65 + i),
          expr: `${ERROR_RATIO_RECORD(window)}${sel(objective)} / ${objective.budget}`,
          legendFormat: `burn rate ${window}`,
        })),
      },
    );
  });
  return {
    uid: SLO_DASHBOARD_UID,
    title: 'Shop SLOs (generated from load/slo.yaml)',
    tags: ['shop', 'slo'],
    timezone: 'browser',
    schemaVersion: 41,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
}
