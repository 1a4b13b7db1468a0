/**
 * `whole-brain`: the TVB 76-region demo connectome with Jansen–Rit nodes (SigmoidalJansenRit
 * coupling, conduction delays at 3 mm/ms), one region (rM1 by default) replaced by a spiking
 * population (TVB–NEST scheme: Poisson generation ×N in, histogram rate ×1/N out, exchange every
 * 1 ms ≤ the minimum delay, enforced by the bus). Reports the power-spectrum peak per region,
 * functional connectivity (Pearson over region rates) and its correlation with the structural
 * weights, and a simulated BOLD signal (Volterra-kernel monitor).
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
import { rateToSpikesTransceiver, spikesToRateTransceiver } from '../../transceivers/multiscale/index.js';
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
});

type P = z.infer<typeof Params>;

async function loadConnectivity(p: P, seed: number): Promise<Connectivity> {
  if (p.connectivity === 'synthetic') return randomConnectivity(20, seed, { density: 0.3, maxWeight: 1, radiusMm: 60 });
  if (!existsSync(p.connectivity)) {
    throw new ValidationError('params.connectivity', p.connectivity, 'a TVB connectivity zip that exists', "point it at connectivity_76.zip (tvb-data) or use 'synthetic'");
  }
  return loadTvbConnectivityZip(new Uint8Array(readFileSync(p.connectivity)));
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
    const t0Ns = Math.round(p.transientMs * 1e6);
    const series: number[][] = Array.from({ length: n }, () => []);
    const bold: number[][] = Array.from({ length: n }, () => []);
    // The replaced region's transfer-function rate S(y1 − y2) (its PSP-driven drive, noise-free).
    const tfSeries: number[] = [];
    let lastBoldT = Number.NaN;
    const boldPeriodNs = Math.round(p.boldPeriodMs * 1e6);
    let metrics: Record<string, unknown> = {};
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
      };
    };
    return {
      engines,
      transceivers,
      protocol: { phases: [{ name: 'rest', trials: 1, trialMs: p.durationMs }] },
      record: [{ port: 'tvb.rate', everyMs: Math.max(1, p.exchangeMs) }, { port: 'tvb.bold', everyMs: p.boldPeriodMs }],
      attach(bus) {
        bus.sync$.subscribe((e) => {
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
        return {
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
        ];
      },
    };
  },
});

/** Path of the default connectome (for tests and docs). */
export const WHOLE_BRAIN_DEFAULT_ZIP = join(DEFAULT_ZIP);
