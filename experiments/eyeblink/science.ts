/**
 * `npm run science -- eyeblink [--seeds N] [--set k=v]`: the full paradigm (acquisition, extinction,
 * re-acquisition) over N seeds, each written as a run folder, summarised as %CR per block (mean ±
 * SD over seeds) against the mouse reference, with the acceptance checks of specs/eyeblink.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { specToSvg, svgToPng } from '../../viewer/report/render-spec.js';
import { runExperiment } from '../framework/runner.js';
import type { BlockScore } from './analysis.js';
import { MOUSE_REFERENCE } from './cr-detection.js';
import eyeblink from './index.js';

const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / Math.max(1, x.length);
const sd = (x: number[]): number => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));

/** Runs the seeds and returns the summary rows and a markdown table. */
export async function science(o: { seeds: number; out: string; set: Record<string, unknown>; log: (s: string) => void }): Promise<{ markdown: string; rows: unknown }> {
  const perSeed: { seed: number; blocks: BlockScore[]; wallMs: number; isiMs: number }[] = [];
  for (let seed = 1; seed <= o.seeds; seed++) {
    const t0 = performance.now();
    const res = await runExperiment(eyeblink, { seed, set: { phases: ['acquisition', 'extinction', 'reacquisition'], ...o.set } }, { outDir: join(o.out, `seed-${seed}`) });
    if (res.state !== 'completed') throw new Error(`seed ${seed}: ${res.state}: ${res.error?.message ?? ''}`);
    const blocks = (res.metrics as { blocks: BlockScore[] }).blocks;
    perSeed.push({ seed, blocks, wallMs: performance.now() - t0, isiMs: (res.params as { isiMs: number }).isiMs });
    o.log(`seed ${seed}: acquisition ${blocks.filter((b) => b.phase === 'acquisition').map((b) => b.crPercent).join(' ')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const phaseCurve = (phase: string) => {
    const n = Math.max(...perSeed.map((s) => s.blocks.filter((b) => b.phase === phase).length));
    return Array.from({ length: n }, (_, i) => {
      const v = perSeed.map((s) => s.blocks.filter((b) => b.phase === phase)[i]?.crPercent ?? Number.NaN).filter((x) => !Number.isNaN(x));
      return { block: i + 1, mean: mean(v), sd: sd(v) };
    });
  };
  const acq = phaseCurve('acquisition');
  const ext = phaseCurve('extinction');
  const re = phaseCurve('reacquisition');
  const blocksToReach = (c: { mean: number }[], level: number) => {
    const i = c.findIndex((b) => b.mean >= level);
    return i < 0 ? null : i + 1;
  };
  const late = acq.slice(6).map((b) => b.mean);
  // Physiology and timing, averaged over seeds: last acquisition block against the first.
  const acqBlocks = (s: { blocks: BlockScore[] }) => s.blocks.filter((b) => b.phase === 'acquisition');
  const over = (f: (s: (typeof perSeed)[number]) => number | null | undefined) => mean(perSeed.map(f).filter((x): x is number => typeof x === 'number' && Number.isFinite(x)));
  const pcChange = over((s) => (acqBlocks(s).at(-1)?.pcRateChangeHz ?? Number.NaN) - (acqBlocks(s)[0]?.pcRateChangeHz ?? Number.NaN));
  const dcnChange = over((s) => (acqBlocks(s).at(-1)?.dcnRateChangeHz ?? Number.NaN) - (acqBlocks(s)[0]?.dcnRateChangeHz ?? Number.NaN));
  const onsetMs = over((s) => acqBlocks(s).at(-1)?.meanOnsetMs);
  const peakMs = over((s) => acqBlocks(s).at(-1)?.meanPeakMs);
  const isiMs = perSeed[0]?.isiMs ?? 250;
  // Savings only mean something after an extinction that actually extinguished.
  const extinguished = ext.length > 0 && (ext[ext.length - 1]?.mean ?? 100) <= 0.5 * mean(late);
  const checks = {
    block1AtMost20: (acq[0]?.mean ?? 100) <= 20,
    block6AtLeast70: (acq[5]?.mean ?? 0) >= 70,
    blocks7to10Within70to95: late.length > 0 && late.every((x) => x >= 70 && x <= 95),
    extinctionHalves: extinguished,
    reacquisitionFaster: extinguished && re.length > 0 && (blocksToReach(re, 50) ?? 99) < (blocksToReach(acq, 50) ?? 99),
    learnedPcPause: pcChange < -10,
    learnedDcnIncrease: dcnChange > 10,
    onsetAtLeast100ms: onsetMs >= 100,
    peakNearUs: Math.abs(peakMs - isiMs) <= 50,
  };
  const physiology = `last vs first acquisition block, 150–200 ms after CS onset: PC rate ${pcChange.toFixed(1)} Hz, DCN rate ${dcnChange >= 0 ? '+' : ''}${dcnChange.toFixed(1)} Hz; last block CR onset ${onsetMs.toFixed(0)} ms, peak ${peakMs.toFixed(0)} ms after CS onset (US at ${isiMs} ms)`;
  await writeLearningCurve(join(o.out, 'learning-curve'), acq, ext, re, o.seeds);
  const fmt = (b: { mean: number; sd: number } | undefined) => (b === undefined ? '' : `${b.mean.toFixed(0)} ± ${b.sd.toFixed(0)}`);
  const lines = [
    `Eye-blink conditioning, ${o.seeds} seeds, full paradigm (${new Date().toISOString().slice(0, 10)})`,
    '',
    `| block | ${acq.map((b) => b.block).join(' | ')} |`,
    `|---|${acq.map(() => '---').join('|')}|`,
    `| acquisition %CR | ${acq.map(fmt).join(' | ')} |`,
    `| mouse (Geminiani 2024) | ${MOUSE_REFERENCE.crPercent.map((v, i) => `${v} ± ${MOUSE_REFERENCE.sd[i]}`).join(' | ')} |`,
    `| extinction %CR | ${ext.map(fmt).join(' | ')} |`,
    `| re-acquisition %CR | ${re.map(fmt).join(' | ')} |`,
    '',
    physiology,
    '',
    `checks: ${Object.entries(checks).map(([k, v]) => `${k}=${v ? 'yes' : 'NO'}`).join(', ')}`,
    `wall time per seed: ${perSeed.map((s) => (s.wallMs / 1000).toFixed(0)).join(', ')} s`,
  ];
  return { markdown: `${lines.join('\n')}\n`, rows: { acquisition: acq, extinction: ext, reacquisition: re, checks, physiology: { pcChange, dcnChange, onsetMs, peakMs }, perSeed } };
}

type Curve = { block: number; mean: number; sd: number }[];

/** %CR per block over the whole paradigm (mean ± SD over seeds) with the mouse reference, as SVG and PNG. */
export async function writeLearningCurve(base: string, acq: Curve, ext: Curve, re: Curve, seeds: number): Promise<void> {
  let x = 0;
  const rows: { x: number; mean: number; lo: number; hi: number; series: string }[] = [];
  for (const [name, c] of [['acquisition', acq], ['extinction', ext], ['re-acquisition', re]] as const) {
    for (const b of c) rows.push({ x: ++x, mean: b.mean, lo: Math.max(0, b.mean - b.sd), hi: Math.min(100, b.mean + b.sd), series: `model ${name} (${seeds} seeds)` });
  }
  MOUSE_REFERENCE.crPercent.forEach((v, i) => rows.push({ x: i + 1, mean: v, lo: v - (MOUSE_REFERENCE.sd[i] ?? 0), hi: v + (MOUSE_REFERENCE.sd[i] ?? 0), series: 'mouse acquisition (Geminiani 2024)' }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Eye-blink conditioning: %CR per block of 10 trials (mean ± SD)',
    width: 640, height: 280,
    data: { values: rows },
    encoding: { x: { field: 'x', type: 'quantitative', title: 'block (acquisition, extinction, re-acquisition)' }, color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 400, orient: 'bottom', columns: 2 } } },
    layer: [
      { mark: { type: 'errorband', opacity: 0.2 }, encoding: { y: { field: 'lo', type: 'quantitative', title: '% CR' }, y2: { field: 'hi' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', type: 'quantitative', title: '% CR', scale: { domain: [0, 100] } } } },
    ],
  };
  const svg = await specToSvg(spec, 'learning-curve');
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.png`, svgToPng(svg));
}
