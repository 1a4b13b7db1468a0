/**
 * Vega-lite specs of the reaching report: the learning curve (endpoint error per trial for each
 * condition, load onset marked) and elbow/shoulder angle traces, desired vs actual, for the last
 * unloaded, first loaded and last loaded trials.
 */
import type { PlotSpec } from '../framework/define-experiment.js';
import type { JointTrace, ReachTrialScore } from './analysis.js';

const W = 520;
const H = 260;

/** All report plots, by file name. */
export function reachingPlots(trials: readonly ReachTrialScore[], traces: readonly JointTrace[], loadTrial: number): Record<string, PlotSpec> {
  const plots: Record<string, PlotSpec> = {
    'reaching-learning-curve': {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'Endpoint error per trial (load added at the dashed line)',
      width: W, height: H,
      layer: [
        { data: { values: trials.map((t) => ({ trial: t.trial, errorCm: 100 * t.endpointErrorM, condition: t.condition })) }, mark: { type: 'line', point: true }, encoding: {
          x: { field: 'trial', type: 'quantitative', title: 'trial' },
          y: { field: 'errorCm', type: 'quantitative', title: 'endpoint error (cm)' },
          color: { field: 'condition', type: 'nominal' },
        } },
        { data: { values: [{ x: loadTrial - 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      ],
    },
  };
  const rows: { tMs: number; angle: number; joint: string; series: string; kind: string }[] = [];
  for (const tr of traces) {
    const series = `${tr.condition}: ${tr.label} (trial ${tr.trial})`;
    for (let i = 0; i < tr.tMs.length; i++) {
      const t = tr.tMs[i] as number;
      rows.push({ tMs: t, angle: tr.shoulder[i] as number, joint: 'shoulder', series, kind: 'actual' });
      rows.push({ tMs: t, angle: tr.elbow[i] as number, joint: 'elbow', series, kind: 'actual' });
    }
  }
  const first = traces[0];
  if (first !== undefined) {
    for (let i = 0; i < first.tMs.length; i++) {
      rows.push({ tMs: first.tMs[i] as number, angle: first.shoulderDesired[i] as number, joint: 'shoulder', series: 'desired', kind: 'desired' });
      rows.push({ tMs: first.tMs[i] as number, angle: first.elbowDesired[i] as number, joint: 'elbow', series: 'desired', kind: 'desired' });
    }
  }
  plots['reaching-joint-traces'] = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Joint angles: desired vs actual, early vs late',
    data: { values: rows },
    facet: { row: { field: 'joint', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: W, height: 200,
      mark: 'line',
      encoding: {
        x: { field: 'tMs', type: 'quantitative', title: 'time in trial (ms)' },
        y: { field: 'angle', type: 'quantitative', title: 'angle (rad)', scale: { zero: false } },
        color: { field: 'series', type: 'nominal', legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
        strokeDash: { field: 'kind', type: 'nominal', legend: null },
      },
    },
  };
  return plots;
}
