/**
 * `whole-brain`: the TVB 76-region demo connectome with Jansen–Rit nodes (SigmoidalJansenRit
 * coupling, conduction delays at 3 mm/ms), one region (rM1 by default) replaced by a spiking
 * population (TVB–NEST scheme: Poisson generation ×N in, histogram rate ×1/N out, exchange every
 * 1 ms ≤ the minimum delay, enforced by the bus). Reports the power-spectrum peak per region,
 * functional connectivity (Pearson over region rates) and its correlation with the structural
 * weights, and a simulated BOLD signal (Volterra-kernel monitor).
 * Optionally (`body.enabled`) the Rapier arm joins the bus: a motor region's rate drives one joint
 * (velocity command integrated into a PD position target, or a position command; see
 * body-coupling.ts) and, with `body.feedbackGain` ≠ 0, the joint angle feeds back as a drive into a
 * somatosensory region. The region rate, the joint target and the joint angle are recorded.
 * Composition only: the science is in brains/meanfield and transceivers/multiscale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Engine } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import type { Transceiver } from '../../core/transceiver.js';
import {
  JansenRitSpikingRegionEngine, MeanFieldEngine, loadTvbConnectivityZip, pearson, randomConnectivity, spectrumPeakHz, type Connectivity,
} from '../../brains/meanfield/index.js';
import { BodyEngine } from '../../bodies/body-engine.js';
import { armRobot } from '../../bodies/robots/arm.js';
import { rateToSpikesTransceiver, spikesToRateTransceiver } from '../../transceivers/multiscale/index.js';
import { motorDriveTransceiver, proprioceptiveFeedbackTransceiver } from './body-coupling.js';
import { defineExperiment, type PlotSpec } from '../framework/define-experiment.js';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ZIP = resolve(here, '../../../shared/data/tvb-connectivity-76/connectivity_76.zip');

const Params = z.strictObject({
  /** TVB connectivity zip; 'synthetic' uses a seeded 20-region random connectome instead. */
  connectivity: z.string().default(DEFAULT_ZIP),
  durationMs: z.number().positive().default(10000),
  transientMs: z.number().nonnegative().default(1000),
  couplingA: z.number().nonnegative().default(5),
  /** Region label (or index) replaced by a spiking population; 'none' keeps all mean-field. */
  replace: z.string().default('rM1'),
  nNeurons: z.number().int().positive().default(2000),
  exchangeMs: z.number().positive().default(1),
  dtMs: z.number().positive().default(0.1),
  boldPeriodMs: z.number().positive().default(500),
  /** Additive noise intensity on y4 (HeunStochastic); 0 = deterministic Heun. */
  nsigY4: z.number().nonnegative().default(0),
  /** Brain–body coupling (off by default): a motor region's rate drives a joint of the Rapier arm. */
  body: z.strictObject({
    enabled: z.boolean().default(false),
    /** Region label or index whose rate drives the joint (lM1 = left primary motor cortex). */
    motorRegion: z.string().default('lM1'),
    joint: z.enum(['base_yaw', 'shoulder', 'elbow']).default('base_yaw'),
    /** 'velocity': the rate is a joint velocity command, integrated into the target; 'position': target ∝ rate. */
    mode: z.enum(['velocity', 'position']).default('velocity'),
    /** rad/s per Hz (velocity) or rad per Hz (position). */
    gain: z.number().finite().default(0.1),
    /** Rate giving zero velocity (velocity mode) or the zero angle (position mode), Hz. */
    baselineHz: z.number().finite().default(2.5),
    /** PD drive of the arm's motors (N·m/rad, N·m·s/rad) and physics substeps per exchange. */
    stiffness: z.number().positive().default(20),
    damping: z.number().nonnegative().default(1),
    substeps: z.number().int().positive().default(4),
    /** Region label or index receiving the proprioceptive drive. */
    sensoryRegion: z.string().default('lS1'),
    /** Drive into the sensory region per rad of joint angle (1/ms); 0 = no feedback. */
    feedbackGain: z.number().finite().default(0),
  }).default({
    enabled: false, motorRegion: 'lM1', joint: 'base_yaw', mode: 'velocity', gain: 0.1, baselineHz: 2.5,
    stiffness: 20, damping: 1, substeps: 4, sensoryRegion: 'lS1', feedbackGain: 0,
  }),
});

type P = z.infer<typeof Params>;

async function loadConnectivity(p: P, seed: number): Promise<Connectivity> {
  if (p.connectivity === 'synthetic') return randomConnectivity(20, seed, { density: 0.3, maxWeight: 1, radiusMm: 60 });
  if (!existsSync(p.connectivity)) {
    throw new ValidationError('params.connectivity', p.connectivity, 'a TVB connectivity zip that exists', "point it at connectivity_76.zip (tvb-data) or use 'synthetic'");
  }
  return loadTvbConnectivityZip(new Uint8Array(readFileSync(p.connectivity)));
}

function regionIndex(conn: Connectivity, field: string, v: string): number {
  let i = conn.labels.indexOf(v);
  if (i < 0 && /^\d+$/.test(v)) i = Number(v);
  if (i < 0 || i >= conn.nRegions) throw new ValidationError(field, v, `a region label or index (e.g. ${conn.labels[0]})`, 'use a label of the connectome');
  return i;
}

export default defineExperiment({
  name: 'whole-brain',
  description: 'TVB 76-region Jansen–Rit brain with one region replaced by a spiking population; spectra, functional connectivity, BOLD.',
  params: Params,
  async build(p, ctx) {
    const conn = await loadConnectivity(p, ctx.seed);
    const n = conn.nRegions;
    let region = -1;
    if (p.replace !== 'none') {
      region = conn.labels.indexOf(p.replace);
      if (region < 0 && /^\d+$/.test(p.replace)) region = Number(p.replace);
      if (region < 0 || region >= n) throw new ValidationError('params.replace', p.replace, `a region label or index (e.g. ${conn.labels[12] ?? conn.labels[0]})`, "pick a region, or 'none'");
    }
    const k = Math.round(p.exchangeMs / p.dtMs);
    if (Math.abs(k * p.dtMs - p.exchangeMs) > 1e-9) throw new ValidationError('params.exchangeMs', p.exchangeMs, `a multiple of dtMs = ${p.dtMs}`, 'use e.g. 1 ms at dt 0.1 ms');
    const coupling = { kind: 'SigmoidalJansenRit', a: p.couplingA, midpoint: 5.52 } as const;
    const mf = new MeanFieldEngine({
      name: 'tvb', model: { kind: 'JansenRit' }, connectivity: conn, coupling, dtMs: p.dtMs, stepsPerExchange: k,
      integrator: p.nsigY4 > 0 ? { kind: 'Heun', nsig: [0, 0, 0, 0, p.nsigY4, 0] } : { kind: 'Heun' },
      ...(region >= 0 ? { proxyNodes: [region] } : {}), bold: { periodMs: p.boldPeriodMs },
    });
    const engines: Engine[] = [mf];
    const transceivers: Transceiver<any>[] = [];
    let spiking: JansenRitSpikingRegionEngine | undefined;
    if (region >= 0) {
      spiking = new JansenRitSpikingRegionEngine({ name: 'region', nNeurons: p.nNeurons, nInputNeurons: p.nNeurons, dtMs: p.dtMs, stepsPerExchange: k });
      engines.push(spiking);
      transceivers.push(
        rateToSpikesTransceiver({ read: 'tvb.coupling', index: region, scaleToHz: 1000, write: 'region.spikesIn', nNeurons: p.nNeurons, windowNs: spiking.dt, binNs: Math.round(p.dtMs * 1e6), negative: 'floor' }),
        spikesToRateTransceiver({ read: 'region.spikes', write: 'tvb.proxy', index: 0, size: 1, nNeurons: p.nNeurons, windowNs: spiking.dt, scale: 1e-3 }),
      );
    }
    // Brain–body coupling.
    const body = p.body;
    const bodySeries = { tMs: [] as number[], rateHz: [] as number[], targetRad: [] as number[], angleRad: [] as number[], angleTMs: [] as number[] };
    let motor = -1;
    if (body.enabled) {
      motor = regionIndex(conn, 'params.body.motorRegion', body.motorRegion);
      if (motor === region) throw new ValidationError('params.body.motorRegion', body.motorRegion, 'a mean-field region (not the replaced one)', `pick another region or set replace to something else than ${p.replace}`);
      const robot = armRobot({ mode: 'position', stiffness: body.stiffness, damping: body.damping, imu: false });
      // the joint's limits from the arm's URDF (every arm joint is a limited revolute joint)
      const { lower: lo, upper: hi } = robot.joints!.find((j) => j.name === body.joint)!.limits!;
      engines.push(new BodyEngine({ name: 'arm', robot, dtNs: mf.dt, substeps: body.substeps }));
      transceivers.push(motorDriveTransceiver({
        read: 'tvb.rate', region: motor, write: `arm.${body.joint}.command`, mode: body.mode, gain: body.gain, baselineHz: body.baselineHz,
        dtS: mf.dt * 1e-9, lo, hi,
        onTarget: (tNs, r, theta) => {
          bodySeries.tMs.push(tNs * 1e-6);
          bodySeries.rateHz.push(r);
          bodySeries.targetRad.push(theta);
        },
      }));
      if (body.feedbackGain !== 0) {
        const sensory = regionIndex(conn, 'params.body.sensoryRegion', body.sensoryRegion);
        transceivers.push(proprioceptiveFeedbackTransceiver({
          read: `arm.${body.joint}.position`, write: 'tvb.drive', nRegions: n, region: sensory, gain: body.feedbackGain, refRad: 0,
        }));
      }
    }
    const t0Ns = Math.round(p.transientMs * 1e6);
    const series: number[][] = Array.from({ length: n }, () => []);
    const bold: number[][] = Array.from({ length: n }, () => []);
    // The replaced region's transfer-function rate S(y1 − y2) (its PSP-driven drive, noise-free).
    const tfSeries: number[] = [];
    let lastBoldT = Number.NaN;
    const boldPeriodNs = Math.round(p.boldPeriodMs * 1e6);
    let metrics: Record<string, unknown> = {};
    const bodyMetrics = (): Record<string, unknown> => {
      const a = bodySeries.angleRad;
      const tgt = bodySeries.targetRad;
      // Angle at sync k+1 against the target written at sync k (the PD's lag included).
      let maxLag = 0;
      for (let k = 0; k + 1 < a.length && k < tgt.length; k++) maxLag = Math.max(maxLag, Math.abs((a[k + 1] as number) - (tgt[k] as number)));
      return {
        motorRegion: conn.labels[motor], joint: body.joint, mode: body.mode, gain: body.gain, baselineHz: body.baselineHz,
        sensoryRegion: body.feedbackGain !== 0 ? body.sensoryRegion : 'none', feedbackGain: body.feedbackGain,
        finalAngleRad: a[a.length - 1], finalTargetRad: tgt[tgt.length - 1], maxAngleMinusTargetRad: maxLag,
        series: bodySeries,
      };
    };
    const compute = (): Record<string, unknown> => {
      const len = series[0]?.length ?? 0;
      if (len < 64) return { summary: { error: 'run too short after the transient for spectra (need ≥ 64 exchange samples)' } };
      const peaks = series.map((s) => spectrumPeakHz(s, p.exchangeMs, 1, 1 << 15, 60));
      const fc: number[][] = series.map(() => new Array<number>(n).fill(0));
      const fcU: number[] = [];
      const scU: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const r = i === j ? 1 : j < i ? (fc[j]?.[i] as number) : pearson(series[i] as number[], series[j] as number[]);
          (fc[i] as number[])[j] = Number.isFinite(r) ? r : 0;
          if (j > i) { fcU.push(Number.isFinite(r) ? r : 0); scU.push(((conn.weights[i * n + j] as number) + (conn.weights[j * n + i] as number)) / 2); }
        }
      }
      const sorted = [...peaks].filter(Number.isFinite).sort((a, b) => a - b);
      const meanRates = series.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
      return {
        summary: {
          regions: n, replaced: region >= 0 ? conn.labels[region] : 'none',
          medianPeakHz: sorted[Math.floor(sorted.length / 2)],
          replacedPeakHz: region >= 0 ? peaks[region] : undefined,
          replacedTransferRatePeakHz: region >= 0 && tfSeries.length >= 64 ? spectrumPeakHz(tfSeries, p.exchangeMs, 1, 1 << 15, 60) : undefined,
          replacedMeanRateHz: region >= 0 ? meanRates[region] : undefined,
          meanFc: fcU.reduce((a, b) => a + b, 0) / fcU.length,
          fcScCorrelation: pearson(fcU, scU),
          boldSamples: bold[0]?.length ?? 0,
        },
        regions: conn.labels.map((label, i) => ({ label, peakHz: peaks[i], meanRateHz: meanRates[i], bold: bold[i] })),
        fc,
        ...(motor >= 0 ? { body: bodyMetrics() } : {}),
      };
    };
    return {
      engines,
      transceivers,
      protocol: { phases: [{ name: 'rest', trials: 1, trialMs: p.durationMs }] },
      record: [
        { port: 'tvb.rate', everyMs: Math.max(1, p.exchangeMs) }, { port: 'tvb.bold', everyMs: p.boldPeriodMs },
        ...(motor >= 0 ? [{ port: `arm.${body.joint}.position`, everyMs: Math.max(1, p.exchangeMs) }] : []),
      ],
      attach(bus) {
        bus.sync$.subscribe((e) => {
          if (motor >= 0) {
            const q = e.outputs.get('arm')?.[`${body.joint}.position`] as Float64Array | undefined;
            if (q !== undefined && bodySeries.angleTMs[bodySeries.angleTMs.length - 1] !== e.tNs * 1e-6) {
              bodySeries.angleTMs.push(e.tNs * 1e-6);
              bodySeries.angleRad.push(q[0] as number);
            }
          }
          if (e.tNs <= t0Ns) return;
          const r = e.outputs.get('tvb')?.['rate'] as Float64Array | undefined;
          if (r === undefined) return;
          const spikes = region >= 0 ? (e.outputs.get('region')?.['spikes'] as { count: number } | undefined) : undefined;
          const tf = region >= 0 ? (e.outputs.get('region')?.['rate'] as Float64Array | undefined) : undefined;
          if (tf !== undefined) tfSeries.push(tf[0] as number);
          for (let i = 0; i < n; i++) {
            // The replaced region's rate is what its spiking population emitted over the window.
            const v = i === region && spikes !== undefined ? spikes.count / p.nNeurons / (p.exchangeMs * 1e-3) : (r[i] as number);
            (series[i] as number[]).push(v);
          }
          if (e.tNs % boldPeriodNs === 0 && e.tNs !== lastBoldT) {
            lastBoldT = e.tNs;
            const b = e.outputs.get('tvb')?.['bold'] as Float64Array;
            for (let i = 0; i < n; i++) (bold[i] as number[]).push(b[i] as number);
          }
        });
      },
      onTrialEnd() {
        metrics = compute();
      },
      metrics: () => metrics,
      plots(): Record<string, PlotSpec> {
        const regs = (metrics['regions'] as { label: string; peakHz: number; meanRateHz: number }[] | undefined) ?? [];
        const fc = (metrics['fc'] as number[][] | undefined) ?? [];
        const cells: { i: string; j: string; r: number }[] = [];
        fc.forEach((row, i) => row.forEach((r, j) => cells.push({ i: conn.labels[i] ?? String(i), j: conn.labels[j] ?? String(j), r })));
        const bm = metrics['body'] as { series: typeof bodySeries; motorRegion: string; joint: string } | undefined;
        const bodyPlot: Record<string, PlotSpec> = {};
        if (bm !== undefined) {
          // At most ~2000 points per curve.
          const s = bm.series;
          const every = Math.max(1, Math.ceil(s.tMs.length / 2000));
          const values: { tMs: number; value: number; panel: string; curve: string }[] = [];
          for (let k = 0; k < s.tMs.length; k += every) values.push({ tMs: s.tMs[k] as number, value: s.rateHz[k] as number, panel: `${bm.motorRegion} rate (Hz)`, curve: 'rate' });
          for (let k = 0; k < s.tMs.length; k += every) values.push({ tMs: s.tMs[k] as number, value: s.targetRad[k] as number, panel: `${bm.joint} (rad)`, curve: 'target' });
          for (let k = 0; k < s.angleTMs.length; k += every) values.push({ tMs: s.angleTMs[k] as number, value: s.angleRad[k] as number, panel: `${bm.joint} (rad)`, curve: 'angle' });
          bodyPlot['body-coupling'] = {
            $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: `${bm.motorRegion} rate drives ${bm.joint}`,
            data: { values }, mark: { type: 'line', strokeWidth: 1 },
            encoding: {
              x: { field: 'tMs', type: 'quantitative', title: 'time (ms)' }, y: { field: 'value', type: 'quantitative', title: null },
              row: { field: 'panel', type: 'nominal', title: null }, color: { field: 'curve', type: 'nominal', title: null },
            },
            resolve: { scale: { y: 'independent' } },
          };
        }
        return {
          ...bodyPlot,
          'peak-frequency': {
            $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: 'Spectral peak per region',
            data: { values: regs }, mark: 'bar',
            encoding: { x: { field: 'label', type: 'nominal', sort: null }, y: { field: 'peakHz', type: 'quantitative', title: 'Hz' } },
          },
          'functional-connectivity': {
            $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: 'Functional connectivity (Pearson, region rates)',
            data: { values: cells }, mark: 'rect',
            encoding: {
              x: { field: 'j', type: 'nominal', sort: null, axis: { labels: false } }, y: { field: 'i', type: 'nominal', sort: null, axis: { labels: false } },
              color: { field: 'r', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true } },
            },
          },
        };
      },
      summary(m) {
        const s = (m['summary'] ?? {}) as Record<string, unknown>;
        const f = (v: unknown, d = 2): string => (typeof v === 'number' ? v.toFixed(d) : String(v));
        return [
          `${f(s['regions'], 0)} regions, replaced ${String(s['replaced'])}: spike-count peak ${f(s['replacedPeakHz'])} Hz, transfer-rate peak ${f(s['replacedTransferRatePeakHz'])} Hz, mean rate ${f(s['replacedMeanRateHz'])} Hz`,
          `median spectral peak ${f(s['medianPeakHz'])} Hz; mean FC ${f(s['meanFc'], 3)}; FC–SC correlation ${f(s['fcScCorrelation'], 3)}; BOLD samples ${f(s['boldSamples'], 0)}`,
          ...(m['body'] !== undefined ? [(() => {
            const b = m['body'] as Record<string, unknown>;
            return `body: ${String(b['motorRegion'])} rate → ${String(b['joint'])} (${String(b['mode'])}), final angle ${f(b['finalAngleRad'], 3)} rad (target ${f(b['finalTargetRad'], 3)}), max |angle − target| ${f(b['maxAngleMinusTargetRad'], 3)} rad, feedback into ${String(b['sensoryRegion'])}`;
          })()] : []),
        ];
      },
    };
  },
});

/** Path of the default connectome (for tests and docs). */
export const WHOLE_BRAIN_DEFAULT_ZIP = join(DEFAULT_ZIP);
