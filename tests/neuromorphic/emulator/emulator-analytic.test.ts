/**
 * The emulator's float profile against analytic solutions of IF_curr_exp (independent of the
 * code): the PSP peak/threshold crossing of one input spike, and the LIF firing period under a
 * constant current. Plus determinism, event-driven work counts and the engine conformance suite.
 */
import { describe, expect, it } from 'vitest';
import type { SpikeBatch } from '../../../core/ports.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { EmulatorEngine } from '../../../neuromorphic/emulator/emulator-engine.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const ctx = { seed: 1, startNs: 0, log: () => undefined };

function run(e: EmulatorEngine, steps: number, inputs: (k: number) => Record<string, SpikeBatch> = () => ({})): Map<string, number[][]> {
  e.init(ctx);
  const out = new Map<string, number[][]>();
  for (let k = 0; k < steps; k++) {
    const o = e.advance((k + 1) * e.dt, inputs(k));
    for (const [port, v] of Object.entries(o)) {
      if (port === 'deviations') continue;
      const b = v as SpikeBatch;
      const l = out.get(port.replace(/\.spikes$/, '')) ?? out.set(port.replace(/\.spikes$/, ''), []).get(port.replace(/\.spikes$/, ''))!;
      for (let i = 0; i < b.count; i++) l.push([b.ids[i]!, b.timesNs[i]! / 1e6]);
    }
  }
  return out;
}

const P = { cm: 0.25, tau_m: 10, tau_syn_E: 2, tau_syn_I: 2, v_rest: -65, v_reset: -70, v_thresh: -55, tau_refrac: 2, i_offset: 0 };

/** Analytic v(t) after a current jump w at t=0 (IF_curr_exp). */
function vAnalytic(t: number, w: number): number {
  const K = (w * P.tau_m * P.tau_syn_E) / (P.cm * (P.tau_syn_E - P.tau_m));
  return P.v_rest + K * (Math.exp(-t / P.tau_syn_E) - Math.exp(-t / P.tau_m));
}

describe('emulator float profile vs analytic IF_curr_exp', () => {
  it('first spike after one input is stamped with the start of the step containing the analytic crossing', () => {
    for (const w of [2, 2.5, 3, 5]) {
      const net: NetworkDescInput = {
        timestepMs: 0.1,
        populations: [
          { label: 'src', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [5] },
          { label: 'n', size: 1, cellType: 'IF_curr_exp', params: P },
        ],
        projections: [{ label: 'p', pre: 'src', post: 'n', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: w, delay: 1 } }],
      };
      const spikes = run(new EmulatorEngine(net), 300).get('n') ?? [];
      // analytic crossing (bisection on the rising flank); the spike at 5 ms acts from step 5 + delay + 1 → 6.1 ms
      let lo = 0;
      let hi = 0;
      for (let t = 0; t < 20; t += 0.001) if (vAnalytic(t, w) >= P.v_thresh) { hi = t; break; }
      lo = hi - 0.001;
      for (let i = 0; i < 60; i++) { const m = (lo + hi) / 2; if (vAnalytic(m, w) >= P.v_thresh) hi = m; else lo = m; }
      // stamped with the start of the step in which v crossed
      const expected = 6.1 + (Math.ceil(hi / 0.1 - 1e-9) - 1) * 0.1;
      expect(spikes.length).toBeGreaterThanOrEqual(1);
      expect(spikes[0]![1]).toBeCloseTo(expected, 9);
    }
  });
  it('a sub-threshold input gives no spike and the neuron goes quiescent (event-driven)', () => {
    const net: NetworkDescInput = {
      populations: [
        { label: 'src', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [5] },
        { label: 'n', size: 100, cellType: 'IF_curr_exp', params: P },
      ],
      projections: [{ label: 'p', pre: 'src', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 0.5, delay: 1 } }],
    };
    const e = new EmulatorEngine(net);
    const s = run(e, 2000);
    expect(s.get('n') ?? []).toEqual([]);
    // a dense simulator does 100 × 2000 updates; we touch each neuron only while it could fire
    expect(e.stats.neuronUpdates).toBeLessThan(100 * 2000 * 0.05);
    expect(e.stats.synapticEvents).toBe(100);
  });
  it('constant current: period = tau_refrac + tau_m·ln(RI/(RI − (θ − v_reset))) on the grid', () => {
    const I = 0.4;
    const net: NetworkDescInput = { timestepMs: 0.1, populations: [{ label: 'n', size: 1, cellType: 'IF_curr_exp', params: { ...P, v_reset: -65, i_offset: I } }] };
    const s = (run(new EmulatorEngine(net), 5000).get('n') ?? []).map((x) => x[1]!);
    const R = P.tau_m / P.cm;
    const T = P.tau_refrac + P.tau_m * Math.log((R * I) / (R * I - (P.v_thresh - P.v_rest)));
    const isi = s.slice(1).map((t, i) => t - s[i]!);
    for (const d of isi) expect(Math.abs(d - T)).toBeLessThanOrEqual(0.1 + 1e-9); // one grid step
  });
  it('same seed → bit-identical spikes with Poisson sources; another seed differs', () => {
    const net: NetworkDescInput = {
      populations: [
        { label: 'src', size: 50, cellType: 'SpikeSourcePoisson', params: { rate: 20 } },
        { label: 'n', size: 50, cellType: 'IF_curr_exp' },
      ],
      projections: [{ label: 'p', pre: 'src', post: 'n', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: 0.8, delay: 1 } }],
    };
    const a = run(new EmulatorEngine(net), 3000);
    const b = run(new EmulatorEngine(net), 3000);
    expect(a).toEqual(b);
    const e = new EmulatorEngine(net);
    e.init({ ...ctx, seed: 2 });
    let diff = false;
    const ref = a.get('src')!;
    let idx = 0;
    for (let k = 0; k < 300 && !diff; k++) {
      const o = e.advance((k + 1) * e.dt, {})['src.spikes'] as SpikeBatch;
      for (let i = 0; i < o.count; i++, idx++) if (ref[idx]?.[0] !== o.ids[i]) diff = true;
    }
    expect(diff).toBe(true);
    // Poisson rate within 5 sd of 20 Hz over 50 × 0.3 s
    const n = ref.length;
    const mean = 50 * 0.3 * 20;
    expect(Math.abs(n - mean)).toBeLessThan(5 * Math.sqrt(mean));
  });
  it('external spikes given at t are source spikes at t, delivered after the delay', () => {
    const net: NetworkDescInput = {
      populations: [
        { label: 'ext', size: 2, cellType: 'SpikeSourceExternal' },
        { label: 'n', size: 2, cellType: 'IF_curr_exp', params: P },
      ],
      projections: [{ label: 'p', pre: 'ext', post: 'n', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: 3, delay: 1 } }],
    };
    const s = run(new EmulatorEngine(net), 200, (k) => (k === 40 ? { 'ext.spikes': { ids: Int32Array.of(1), timesNs: Float64Array.of(4e6), count: 1 } } : ({} as Record<string, SpikeBatch>)));
    expect(s.get('ext')).toEqual([[1, 4]]);
    expect(s.get('n')!.map((x) => x[0])).toEqual([1]);
    expect(s.get('n')![0]![1]).toBeGreaterThan(5);
  });
});

describeEngineConformance('EmulatorEngine (float)', {
  create: () => new EmulatorEngine({
    populations: [
      { label: 'ext', size: 3, cellType: 'SpikeSourceExternal' },
      { label: 'poi', size: 5, cellType: 'SpikeSourcePoisson', params: { rate: 50 } },
      { label: 'n', size: 4, cellType: 'IF_curr_exp' },
    ],
    projections: [
      { label: 'a', pre: 'ext', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 2, delay: 1 } },
      { label: 'b', pre: 'poi', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 1, delay: 0.5 } },
    ],
  }),
  inputs: (k) => (k % 3 === 0 ? { 'ext.spikes': { ids: Int32Array.of(k % 3), timesNs: Float64Array.of(0), count: 1 } } : ({} as Record<string, SpikeBatch>)),
  steps: 50,
});

describeEngineConformance('EmulatorEngine (spinnaker)', {
  create: () => new EmulatorEngine({
    populations: [
      { label: 'ext', size: 3, cellType: 'SpikeSourceExternal' },
      { label: 'n', size: 4, cellType: 'IF_curr_exp' },
    ],
    projections: [{ label: 'a', pre: 'ext', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 2, delay: 1 } }],
  }, { profile: 'spinnaker' }),
  inputs: (k) => (k % 2 === 0 ? { 'ext.spikes': { ids: Int32Array.of(1), timesNs: Float64Array.of(0), count: 1 } } : ({} as Record<string, SpikeBatch>)),
});
