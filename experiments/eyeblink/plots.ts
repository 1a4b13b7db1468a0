/**
 * Vega-lite specs of the eye-blink report: %CR per block against the mouse reference, mean eyelid
 * closure per block, DCN and PC spike-density functions early vs late, rasters early vs late, and
 * the PF–PC weight change against the granule cells' preferred time after CS onset.
 */
import type { PlotSpec } from '../framework/define-experiment.js';
import type { EyeblinkAnalysis, TrialTiming } from './analysis.js';
import { MOUSE_REFERENCE } from './cr-detection.js';

const W = 520;
const H = 260;

/** All report plots, by file name. */
export function eyeblinkPlots(a: EyeblinkAnalysis, timing: TrialTiming, weightChange: { preferredMs: number; deltaW: number }[]): Record<string, PlotSpec> {
  const blocks = a.blocks();
  const curve = [
    ...blocks.map((b) => ({ block: b.block, crPercent: b.crPercent, series: `model ${b.phase}` })),
    ...blocks.map((b) => ({ block: b.block, crPercent: b.crEyelidPercent, series: `model ${b.phase} (eyelid)` })),
    ...MOUSE_REFERENCE.crPercent.map((v, i) => ({ block: i + 1, crPercent: v, series: 'mouse (Geminiani 2024)', lo: v - (MOUSE_REFERENCE.sd[i] ?? 0), hi: v + (MOUSE_REFERENCE.sd[i] ?? 0) })),
  ];
  const plots: Record<string, PlotSpec> = {
    'eyeblink-cr-curve': {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: '%CR per block of 10 trials',
      width: W, height: H,
      data: { values: curve },
      layer: [
        { transform: [{ filter: "datum.series === 'mouse (Geminiani 2024)'" }], mark: { type: 'errorband', opacity: 0.2 }, encoding: { x: { field: 'block', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
        { mark: { type: 'line', point: true }, encoding: {
          x: { field: 'block', type: 'quantitative', title: 'block (10 trials)' },
          y: { field: 'crPercent', type: 'quantitative', title: '% CR', scale: { domain: [0, 100] } },
          color: { field: 'series', type: 'nominal' },
        } },
      ],
    },
  };
  const tracesOf = (key: 'eyelid' | 'dcn' | 'pc', step: number) =>
    a.blockTraces.flatMap((b) => {
      const out: { tMs: number; value: number; block: string }[] = [];
      const arr = b[key];
      for (let i = 0; i < arr.length; i += step) out.push({ tMs: i - timing.csOnsetMs, value: (arr[i] as number) / Math.max(1, b.n), block: `${b.phase} ${b.block}` });
      return out;
    });
  const rule = (ms: number, label: string) => ({ mark: { type: 'rule', strokeDash: [4, 4] }, data: { values: [{ x: ms, label }] }, encoding: { x: { field: 'x', type: 'quantitative' } } });
  const traceSpec = (title: string, key: 'eyelid' | 'dcn' | 'pc', yTitle: string): PlotSpec => ({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title, width: W, height: H,
    layer: [
      { data: { values: tracesOf(key, 5) }, mark: 'line', encoding: {
        x: { field: 'tMs', type: 'quantitative', title: 'time from CS onset (ms)' },
        y: { field: 'value', type: 'quantitative', title: yTitle },
        color: { field: 'block', type: 'ordinal', scale: { scheme: 'viridis' } },
      } },
      rule(0, 'CS'), rule(timing.usOnsetMs - timing.csOnsetMs, 'US'),
    ],
  });
  plots['eyeblink-eyelid-per-block'] = traceSpec('Mean eyelid closure per block', 'eyelid', 'closure (0 open, 1 closed)');
  plots['eyeblink-dcn-sdf-per-block'] = traceSpec('DCN spike-density function per block', 'dcn', 'DCN rate (Hz)');
  plots['eyeblink-pc-sdf-per-block'] = traceSpec('Purkinje spike-density function per block', 'pc', 'PC rate (Hz)');
  const raster = (which: 'early' | 'late') =>
    a.rasters[which].flatMap((tr, k) => [
      ...tr.dcn.map((t) => ({ tMs: t - timing.csOnsetMs, row: k, pop: 'DCN' })),
      ...tr.pc.filter((_, i) => i % 4 === 0).map((t) => ({ tMs: t - timing.csOnsetMs, row: k, pop: 'PC (1 in 4 spikes)' })),
    ]);
  for (const which of ['early', 'late'] as const) {
    plots[`eyeblink-raster-${which}`] = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: `Spikes per trial, ${which === 'early' ? 'first' : 'last'} block`,
      width: W, height: H,
      data: { values: raster(which) },
      mark: { type: 'tick', thickness: 1, size: 6 },
      encoding: {
        x: { field: 'tMs', type: 'quantitative', title: 'time from CS onset (ms)' },
        y: { field: 'row', type: 'ordinal', title: 'trial', axis: null },
        row: { field: 'pop', type: 'nominal', title: null },
        color: { field: 'pop', type: 'nominal', legend: null },
      },
    };
  }
  if (weightChange.length > 0) {
    plots['eyeblink-pfpc-weight-change'] = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'PF–PC weight change vs granule-cell timing',
      width: W, height: H,
      layer: [
        { data: { values: weightChange }, mark: { type: 'bar' }, encoding: {
          x: { field: 'preferredMs', type: 'quantitative', bin: false, title: 'GrC preferred time after CS onset (ms)' },
          y: { field: 'deltaW', type: 'quantitative', title: 'mean Δw (µS)' },
        } },
        rule(timing.usOnsetMs - timing.csOnsetMs, 'US'),
      ],
    };
  }
  return plots;
}
