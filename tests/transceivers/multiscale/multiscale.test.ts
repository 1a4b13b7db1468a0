/**
 * Multiscale co-simulation (TVB–NEST scheme) on the bus: region rM1 of the 76-region Jansen–Rit
 * brain is replaced by a spiking population with the node's transfer function; rates → spikes by
 * Poisson generation scaled by N, spikes → rates by a histogram over the 1 ms exchange window × 1/N.
 * Also: the pure conversions against Poisson statistics, and the bus's exchange-period rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bus } from '../../../core/bus.js';
import { ValidationError } from '../../../core/errors.js';
import { Rng } from '../../../core/random.js';
import {
  JansenRitSpikingRegionEngine, MeanFieldEngine, loadTvbConnectivityZip, pairConnectivity, type Connectivity,
} from '../../../brains/meanfield/index.js';
import {
  SpikeBuffer, exponentialKernelRateHz, histogramRateHz, poissonSpikes, rateToSpikesTransceiver, spikesToRateTransceiver,
} from '../../../transceivers/multiscale/index.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';
import { SHARED_DATA } from '../../brains/meanfield/reference.js';
import { spectrumPeakHz } from '../../../brains/meanfield/index.js';

const M1 = 12; // rM1 in connectivity_76
const EXCHANGE_NS = 1_000_000;
const COUPLING = { kind: 'SigmoidalJansenRit', a: 5, midpoint: 5.52 } as const; // midpoint = v0: h(x_j) is node j's rate in 1/ms

async function conn76(): Promise<Connectivity> {
  return loadTvbConnectivityZip(new Uint8Array(readFileSync(join(SHARED_DATA, 'tvb-connectivity-76/connectivity_76.zip'))));
}

describe('rate ↔ spike conversions (pure functions)', () => {
  it('Poisson trains: count mean and variance match N·r·T (independent) within 4 standard errors', () => {
    const rng = new Rng(11);
    const buf = new SpikeBuffer();
    const counts: number[] = [];
    const rates = new Float64Array(10).fill(20); // 20 Hz over 10 bins of 0.1 ms
    for (let rep = 0; rep < 4000; rep++) {
      buf.clear();
      poissonSpikes(rates, 100_000, 0, 500, 'independent', rng, buf);
      counts.push(buf.count);
      for (let k = 0; k < buf.count; k++) {
        expect(buf.timesNs[k]).toBeGreaterThanOrEqual(0);
        expect(buf.timesNs[k]).toBeLessThan(1_000_000);
        expect(buf.ids[k]).toBeLessThan(500);
      }
    }
    const lam = 500 * 20 * 1e-3; // 10 spikes per window
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const v = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1);
    expect(Math.abs(mean - lam)).toBeLessThan(4 * Math.sqrt(lam / counts.length));
    expect(Math.abs(v / lam - 1)).toBeLessThan(0.1); // Fano factor 1 (SE of variance ≈ 2.3 % here)
  });
  it('histogram rate recovers the generating rate (× 1/N) and counts only the window', () => {
    const rng = new Rng(3);
    const buf = new SpikeBuffer();
    poissonSpikes(new Float64Array(1000).fill(8), 100_000, 5_000_000, 1000, 'independent', rng, buf); // 100 ms at 8 Hz, N = 1000
    const r = histogramRateHz(buf.batch(), 5_000_000, 100_000_000, 1000);
    expect(Math.abs(r - 8)).toBeLessThan(4 * Math.sqrt(8 * 1000 * 0.1) / (1000 * 0.1)); // Poisson SE of the count
    expect(histogramRateHz(buf.batch(), 0, 5_000_000, 1000)).toBe(0);
  });
  it('exponential kernel rate converges to the true rate for a steady train', () => {
    const rng = new Rng(4);
    const st = { rateHz: 0, tNs: 0 };
    const buf = new SpikeBuffer();
    let r = 0;
    const est: number[] = [];
    for (let w = 0; w < 2000; w++) {
      buf.clear();
      poissonSpikes(Float64Array.of(15), 1_000_000, w * 1_000_000, 200, 'independent', rng, buf);
      r = exponentialKernelRateHz(st, buf.batch(), (w + 1) * 1_000_000, 20, 200);
      if (w >= 200) est.push(r);
    }
    const mean = est.reduce((a, b) => a + b, 0) / est.length;
    expect(Math.abs(mean - 15)).toBeLessThan(0.5);
  });
  it('negative rates are an error unless flooring is asked for', () => {
    expect(() => poissonSpikes([-1], 1000, 0, 10, 'independent', new Rng(1), new SpikeBuffer())).toThrow(ValidationError);
  });
});

describeEngineConformance('JansenRitSpikingRegionEngine', {
  create: () => new JansenRitSpikingRegionEngine({ name: 'region', nNeurons: 200, nInputNeurons: 50 }),
  inputs: (k) => ({ spikesIn: { ids: Int32Array.of(1, 2, 3), timesNs: Float64Array.of(k * 1e6, k * 1e6 + 0.2e6, k * 1e6 + 0.9e6), count: 3 } }),
  steps: 40,
});

describe('the bus enforces exchange period ≤ minimum delay', () => {
  it('rejects a 1 ms exchange with a region whose links are 0.9 ms long, accepts 0.5 ms', async () => {
    const make = (stepsPerExchange: number): Bus => {
      const mf = new MeanFieldEngine({ name: 'tvb', model: { kind: 'JansenRit' }, connectivity: pairConnectivity(1, 2.7), coupling: COUPLING, proxyNodes: [0], stepsPerExchange });
      const reg = new JansenRitSpikingRegionEngine({ name: 'region', nNeurons: 100, nInputNeurons: 100, stepsPerExchange });
      return new Bus({ engines: [mf, reg], transceivers: [
        rateToSpikesTransceiver({ read: 'tvb.coupling', index: 0, scaleToHz: 1000, write: 'region.spikesIn', nNeurons: 100, windowNs: reg.dt, binNs: 100_000 }),
        spikesToRateTransceiver({ read: 'region.spikes', write: 'tvb.proxy', index: 0, size: 1, nNeurons: 100, windowNs: reg.dt, scale: 1e-3 }),
      ] });
    };
    expect(() => make(10)).toThrow(/exchange period/);
    const ok = make(5);
    await ok.init();
    await ok.runUntil(20_000_000);
    await ok.dispose();
  });
});

describe('multiscale: rM1 replaced by a spiking population keeps its mean rate', () => {
  it('mean rate over 1–3 s within 2 % of the all-mean-field run, and the population fires at its transfer function', async () => {
    const conn = await conn76();
    const t0 = 1_000_000_000;
    const t1 = 3_000_000_000;
    const N = 5000;

    // Reference: every region mean-field.
    const ref = new MeanFieldEngine({ name: 'tvb', model: { kind: 'JansenRit' }, connectivity: conn, coupling: COUPLING, stepsPerExchange: 10 });
    const refBus = new Bus({ engines: [ref], seed: 1 });
    const refSum = new Float64Array(76);
    let refN = 0;
    const refM1: number[] = [];
    refBus.sync$.subscribe((e) => {
      if (e.tNs <= t0) return;
      const r = e.outputs.get('tvb')?.['rate'] as Float64Array;
      for (let i = 0; i < 76; i++) refSum[i] = (refSum[i] as number) + (r[i] as number);
      refM1.push(r[M1] as number);
      refN++;
    });
    await refBus.init();
    await refBus.runUntil(t1);
    await refBus.dispose();

    // Multiscale: rM1 is a proxy fed by the spiking population.
    const mf = new MeanFieldEngine({ name: 'tvb', model: { kind: 'JansenRit' }, connectivity: conn, coupling: COUPLING, stepsPerExchange: 10, proxyNodes: [M1] });
    const region = new JansenRitSpikingRegionEngine({ name: 'region', nNeurons: N, nInputNeurons: N, stepsPerExchange: 10 });
    expect(mf.dt).toBe(EXCHANGE_NS);
    expect(mf.coupling.minDelayNs).toBeGreaterThanOrEqual(EXCHANGE_NS);
    const bus = new Bus({ engines: [mf, region], seed: 1, transceivers: [
      rateToSpikesTransceiver({ read: 'tvb.coupling', index: M1, scaleToHz: 1000, write: 'region.spikesIn', nNeurons: N, windowNs: EXCHANGE_NS, binNs: 100_000 }),
      spikesToRateTransceiver({ read: 'region.spikes', write: 'tvb.proxy', index: 0, size: 1, nNeurons: N, windowNs: EXCHANGE_NS, scale: 1e-3 }),
    ] });
    let spikes = 0;
    const msSum = new Float64Array(76);
    let msN = 0;
    const spikingM1: number[] = [];
    let tfSum = 0;
    bus.sync$.subscribe((e) => {
      if (e.tNs <= t0) return;
      const c = (e.outputs.get('region')?.['spikes'] as { count: number }).count;
      spikes += c;
      spikingM1.push(c / N / 1e-3);
      tfSum += ((e.outputs.get('region')?.['rate'] as Float64Array)[0] as number);
      const r = e.outputs.get('tvb')?.['rate'] as Float64Array;
      for (let i = 0; i < 76; i++) msSum[i] = (msSum[i] as number) + (r[i] as number);
      msN++;
    });
    await bus.init();
    await bus.runUntil(t1);
    await bus.dispose();

    const refRate = (refSum[M1] as number) / refN;
    const spikingRate = spikes / N / ((t1 - t0) * 1e-9);
    let relSum = 0;
    for (let i = 0; i < 76; i++) {
      if (i === M1) continue;
      relSum += Math.abs((msSum[i] as number) / msN - (refSum[i] as number) / refN) / ((refSum[i] as number) / refN);
    }
    // eslint-disable-next-line no-console
    console.log(`rM1 mean rate: mean-field ${refRate.toFixed(3)} Hz, spiking ${spikingRate.toFixed(3)} Hz; others mean |rel diff| ${(relSum / 75).toFixed(4)}`);
    // Peaks searched in 2–40 Hz: the 1 ms spike-count series carries flat Poisson noise up to 500 Hz.
    const fRef = spectrumPeakHz(refM1, 1, 2, 1 << 16, 40);
    const fSpk = spectrumPeakHz(spikingM1, 1, 2, 1 << 16, 40);
    // eslint-disable-next-line no-console
    console.log(`rM1 spectral peak: mean-field ${fRef.toFixed(2)} Hz, spiking ${fSpk.toFixed(2)} Hz`);
    expect(refRate).toBeGreaterThan(0.5);
    // Tolerance: the Poisson count SE over 2 s × 5000 neurons at ~5 Hz is ≈ 0.45 %; 2 % leaves room
    // for the one-window (1 ms) exchange latency the proxy adds to rM1's outgoing delays.
    expect(Math.abs(spikingRate - refRate) / refRate).toBeLessThan(0.02);
    // Spikes drawn over window k follow S(v) along the window; the sampled S at window ends averages
    // to the same mean (Poisson SE ≈ 0.45 % here, plus sampling of S at 1 ms: 1 % tolerance).
    const tfRate = tfSum / spikingM1.length;
    expect(Math.abs(spikingRate - tfRate) / tfRate).toBeLessThan(0.01);
    // Not asserted, reported: the dominant frequency of rM1 differs (the Poisson input noise shifts
    // the region's oscillation; see the printed peaks).
    // The other regions hardly notice (this network's mean rates are insensitive to one region:
    // even silencing rM1 moves them by < 0.1 %), so this only guards against gross breakage.
    expect(relSum / 75).toBeLessThan(0.01);
  }, 120_000);
});
