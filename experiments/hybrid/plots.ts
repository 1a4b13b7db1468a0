/**
 * Vega-lite specs of the hybrid report: the error (mean |φ|) per episode with and without
 * learning, the lean φ(t) of the first and the last episode, and the mean policy torque and
 * cerebellar correction per episode against the payload torque they must cancel.
 */
import type { PlotSpec } from '../framework/define-experiment.js';
import type { EpisodeRecord } from './scoring.js';

const W = 520;
const H = 260;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** All report plots, by file name. */
export function hybridPlots(records: ReadonlyMap<'learning' | 'control', readonly EpisodeRecord[]>, scoreFromMs: number, loadTorqueNm: number): Record<string, PlotSpec> {
  const label = { learning: 'with learning', control: 'without learning' } as const;
  const perEpisode = [...records].flatMap(([cond, rs]) => rs.map((r) => ({ episode: r.episode + 1, errorMrad: r.meanAbsPhiRad * 1000, condition: label[cond] })));
  const traces = [...records].flatMap(([cond, rs]) => {
    const picks = rs.length > 1 ? [rs[0], rs[rs.length - 1]] : [rs[0]];
    return picks.flatMap((r) => (r === undefined ? [] : r.traceRad.map((phi, k) => ({ tMs: (k + 1) * 20, phiMrad: phi * 1000, episode: `${label[cond]}, episode ${r.episode + 1}` }))));
  });
  const torques = [...records].flatMap(([cond, rs]) => rs.flatMap((r) => [
    { episode: r.episode + 1, torqueNm: r.meanPolicyTorqueNm, series: `${label[cond]}: ONNX policy` },
    { episode: r.episode + 1, torqueNm: r.meanCorrectionNm, series: `${label[cond]}: cerebellar correction` },
  ]));
  return {
    'hybrid-torque-share': {
      $schema: SCHEMA,
      title: 'Who carries the payload: mean torques per episode',
      width: W, height: H,
      layer: [
        { data: { values: torques }, mark: { type: 'line', point: true }, encoding: {
          x: { field: 'episode', type: 'quantitative', title: 'episode', axis: { tickMinStep: 1 } },
          y: { field: 'torqueNm', type: 'quantitative', title: 'mean torque (N·m)' },
          color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
        } },
        { data: { values: [{ y: -loadTorqueNm, label: 'payload torque to cancel' }] }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ],
    },
    'hybrid-error-per-episode': {
      $schema: SCHEMA,
      title: `Lean under load: mean |φ| from ${scoreFromMs} ms to the episode end`,
      width: W, height: H,
      data: { values: perEpisode },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'episode', type: 'quantitative', title: 'episode', axis: { tickMinStep: 1 } },
        y: { field: 'errorMrad', type: 'quantitative', title: 'mean |φ| (mrad)', scale: { zero: true } },
        color: { field: 'condition', type: 'nominal', title: null },
      },
    },
    'hybrid-angle-early-late': {
      $schema: SCHEMA,
      title: 'Angle from upright φ(t), first vs last episode',
      width: W, height: H,
      layer: [
        { data: { values: traces }, mark: { type: 'line' }, encoding: {
          x: { field: 'tMs', type: 'quantitative', title: 'time in episode (ms)' },
          y: { field: 'phiMrad', type: 'quantitative', title: 'φ (mrad)' },
          color: { field: 'episode', type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
        } },
        { data: { values: [{ y: 0 }] }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      ],
    },
  };
}
