/**
 * Hardware profiles vs the float profile on the same network and tick, and every hardware limit.
 *
 * Quantisation bound (stated, checked): before two runs diverge, their membrane potentials differ
 * by at most ε = Σ_inputs |Δw|·K_max + ε_state, where Δw is each received weight's quantisation
 * error (SpiNNaker ≤ 2^(s−16) nA, BSS-2 ≤ LSB/2), K_max the peak PSP per nA of IF_curr_exp, and
 * ε_state = 0.01 mV covers s16.15 rounding of state and constants (≤ 8·2^−16/(1−e^(−dt/τm)) +
 * current rounding; ≈ 0.006 mV here). So every spike-train difference must start at a tick where
 * the run that did not spike was within ε below threshold: that is what "explained by
 * quantisation" means here.
 */
import { describe, expect, it } from 'vitest';
import { UnsupportedFeatureError, ValidationError } from '../../../core/errors.js';
import { Rng } from '../../../core/random.js';
import type { SpikeBatch } from '../../../core/ports.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { EmulatorEngine, hardwareProfile, lowerNetwork } from '../../../neuromorphic/emulator/index.js';
import { validateNetwork } from '../../../brains/network/index.js';

const N = 60;
const P = { cm: 1, tau_m: 20, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -65, v_thresh: -55, tau_refrac: 2 };

function ffNet(dtMs: number, delay: number): NetworkDescInput {
  const rng = new Rng(11);
  const times = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => Math.round(rng.float() * 500 / dtMs) * dtMs).sort((a, b) => a - b));
  return {
    timestepMs: dtMs,
    populations: [
      { label: 'inp', size: 40, cellType: 'SpikeSourceArray', spikeTimes: times },
      { label: 'n', size: N, cellType: 'IF_curr_exp', params: P },
    ],
    projections: [
      { label: 'e', pre: 'inp', post: 'n', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 1.0, high: 3.0 }, delay } },
      { label: 'i', pre: 'inp', post: 'n', connector: { type: 'FixedProbability', p: 0.1 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: -2.0, high: -0.5 }, delay }, receptor: 'inhibitory' },
    ],
  };
}

/** Peak of the PSP kernel per nA of IF_curr_exp. */
function kMax(): number {
  let m = 0;
  for (let t = 0; t < 100; t += 0.01) m = Math.max(m, ((P.tau_m * P.tau_syn_E) / (P.cm * (P.tau_syn_E - P.tau_m))) * (Math.exp(-t / P.tau_syn_E) - Math.exp(-t / P.tau_m)));
  return m;
}

function compare(profile: 'spinnaker' | 'brainscales2', dtMs: number, delay: number, epsState: number) {
  const net = ffNet(dtMs, delay);
  const ref = new EmulatorEngine(net, { profile: 'float' });
  const hw = new EmulatorEngine(net, { profile });
  const ctx = { seed: 3, startNs: 0, log: () => undefined };
  ref.init(ctx);
  hw.init(ctx);
  expect(hw.dt).toBe(ref.dt);
  // per-neuron accumulated |Δw| of inputs received so far
  const low = hw.lowered!;
  const errByPre = new Map<number, { post: number; err: number }[]>();
  for (const p of low.projections) {
    for (let k = 0; k < p.weight.length; k++) {
      const l = errByPre.get(p.preIdx[k]!) ?? errByPre.set(p.preIdx[k]!, []).get(p.preIdx[k]!)!;
      l.push({ post: p.postIdx[k]!, err: Math.abs(p.weight[k]! - p.weightIr[k]!) });
    }
  }
  const wErr = new Float64Array(N);
  const km = kMax();
  const diverged = new Uint8Array(N);
  let unexplained = 0;
  let mismatches = 0;
  let spikes = 0;
  const steps = Math.round(600 / dtMs);
  for (let k = 0; k < steps; k++) {
    const a = ref.advance((k + 1) * ref.dt, {});
    const b = hw.advance((k + 1) * hw.dt, {});
    const inp = a['inp.spikes'] as SpikeBatch;
    for (let i = 0; i < inp.count; i++) for (const c of errByPre.get(inp.ids[i]!) ?? []) wErr[c.post] = wErr[c.post]! + c.err;
    const sa = new Set(Array.from((a['n.spikes'] as SpikeBatch).ids.subarray(0, (a['n.spikes'] as SpikeBatch).count)));
    const sb = new Set(Array.from((b['n.spikes'] as SpikeBatch).ids.subarray(0, (b['n.spikes'] as SpikeBatch).count)));
    spikes += sa.size;
    const va = ref.voltages('n');
    const vb = hw.voltages('n');
    for (let j = 0; j < N; j++) {
      if (diverged[j] || sa.has(j) === sb.has(j)) continue;
      diverged[j] = 1;
      mismatches++;
      const vNot = sa.has(j) ? vb[j]! : va[j]!; // the run that did not spike was not reset
      const eps = wErr[j]! * km + epsState;
      if (!(P.v_thresh - vNot <= eps && vNot < P.v_thresh)) unexplained++;
    }
  }
  return { spikes, mismatches, unexplained, deviations: low.deviations };
}

describe('hardware profiles vs float on the same network and tick', () => {
  it('SpiNNaker (s16.15, shift-rule weights, 1 ms): every spike difference is explained by quantisation', () => {
    const r = compare('spinnaker', 1, 1, 0.01);
    expect(r.spikes).toBeGreaterThan(100);
    expect(r.unexplained).toBe(0);
    expect(r.mismatches).toBeLessThan(N / 4);
    const q = r.deviations.filter((d) => d.kind === 'weight-quantisation');
    expect(q.length).toBe(2);
    for (const d of q) {
      const s = Number(/shift (\d+)/.exec(d.message)![1]);
      expect(d.maxError!).toBeLessThanOrEqual(2 ** (s - 16) + 1e-15);
    }
  });
  it('BrainScaleS-2 (6-bit weights, minimum delay): every spike difference is explained by quantisation', () => {
    const r = compare('brainscales2', 0.1, 0.1, 1e-9);
    expect(r.spikes).toBeGreaterThan(100);
    expect(r.unexplained).toBe(0);
    const q = r.deviations.filter((d) => d.kind === 'weight-quantisation');
    expect(q.length).toBe(1);
    expect(q[0]!.maxError!).toBeLessThanOrEqual(3 / 63 / 2 + 1e-12); // LSB/2 with max |w| ≤ 3 nA
  });
  it('SpiNNaker weights are multiples of 2^(s−15) nA and 16 bit', () => {
    const low = lowerNetwork(validateNetwork(ffNet(1, 1)), hardwareProfile('spinnaker'), 3);
    for (const p of low.projections) {
      const step = 2 ** (p.quantum - 15);
      for (const w of p.weight) {
        expect(Number.isInteger(Math.abs(w) / step)).toBe(true);
        expect(Math.abs(w) / step).toBeLessThanOrEqual(0xffff);
      }
    }
  });
});

const base = (extra: Partial<NetworkDescInput> = {}): NetworkDescInput => ({
  timestepMs: 0.1,
  populations: [
    { label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] },
    { label: 'n', size: 10, cellType: 'IF_curr_exp' },
  ],
  projections: [{ label: 'p', pre: 's', post: 'n', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: 1, delay: 1 } }],
  ...extra,
});
const make = (net: NetworkDescInput, profile: 'spinnaker' | 'brainscales2', opts: Parameters<typeof hardwareProfile>[1] = {}) => () =>
  new EmulatorEngine(net, { profile: hardwareProfile(profile, opts) }).init({ seed: 1, startNs: 0, log: () => undefined });
const proj = (over: object) => [{ label: 'p', pre: 's', post: 'n', connector: { type: 'OneToOne' as const }, synapse: { type: 'StaticSynapse' as const, weight: 1, delay: 1, ...over } }];

describe('SpiNNaker limits are caught (strict → error, lenient → deviation)', () => {
  const cases: [string, NetworkDescInput, Parameters<typeof hardwareProfile>[1], RegExp][] = [
    ['unsupported cell type', base({ populations: [{ label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 10, cellType: 'EIF_cond_exp_isfa_ista' }], projections: [] }), {}, /sPyNNaker builds/],
    ['delay above 144 ticks', base({ projections: proj({ delay: 200 }) }), {}, /≤ 144 ticks/],
    ['delay below one tick', base({ projections: proj({ delay: 0.3 }) }), {}, /≥ 1 tick/],
    ['more than 256 neurons per core', base(), { spinnaker: { neuronsPerCore: 300 } }, /≤ 256 neurons per core/],
    ['core budget', base({ populations: [{ label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 600, cellType: 'IF_curr_exp' }], projections: [] }), { spinnaker: { maxCores: 2 } }, /application cores/],
    ['weight sign vs receptor', base({ projections: proj({ weight: -1 }) }), {}, /sign of the receptor/],
  ];
  for (const [name, net, opts, msg] of cases) {
    it(name, () => {
      expect(make(net, 'spinnaker', opts)).toThrow(msg);
      expect(make(net, 'spinnaker', opts)).toThrow(ValidationError);
      if (name === 'unsupported cell type') {
        // lenient: reported, then the emulator itself says it does not implement the model
        expect(make(net, 'spinnaker', { ...opts, strict: false })).toThrow(UnsupportedFeatureError);
      } else {
        const out = make(net, 'spinnaker', { ...opts, strict: false })();
        expect((out.deviations as unknown as { kind: string }[]).length).toBeGreaterThan(0);
      }
    });
  }
  it('non-integer delays are rounded to ticks and reported', () => {
    const out = make(base({ projections: proj({ delay: 2.4 }) }), 'spinnaker')();
    expect(out.deviations).toContainEqual(expect.objectContaining({ kind: 'delay-rounding', count: 10 }));
  });
});

describe('BrainScaleS-2 limits are caught', () => {
  const cases: [string, NetworkDescInput, RegExp][] = [
    ['cell type other than CalibHXNeuronCuba/Coba', base({ populations: [{ label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 10, cellType: 'Izhikevich' }], projections: [] }), /CalibHXNeuronCuba/],
    ['non-zero delay', base({ projections: proj({ delay: 2 }) }), /minimum delay only/],
    ['more than 512 neurons', base({ populations: [{ label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 600, cellType: 'IF_curr_exp' }], projections: [] }), /512 neuron circuits/],
    ['more than 256 inputs per neuron', base({ populations: [{ label: 's', size: 300, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 2, cellType: 'IF_curr_exp' }], projections: [{ label: 'p', pre: 's', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 1, delay: 0.1 } }] }), /256 inputs per neuron/],
    ['weight sign vs receptor', base({ projections: proj({ weight: -1, delay: 0.1 }) }), /sign of the receptor/],
    ['tau_m outside the calibration range', base({ populations: [{ label: 's', size: 10, cellType: 'SpikeSourceArray', spikeTimes: [1] }, { label: 'n', size: 10, cellType: 'IF_curr_exp', params: { tau_m: 100 } }], projections: [] }), /CalibHXNeuron range/],
  ];
  for (const [name, net, msg] of cases) {
    it(name, () => {
      expect(make(net, 'brainscales2')).toThrow(msg);
      if (name.startsWith('cell type')) return;
      const out = make(net, 'brainscales2', { strict: false })();
      expect((out.deviations as unknown as { kind: string }[]).length).toBeGreaterThan(0);
    });
  }
  it('weights above 63 LSB become parallel synapses and count against fan-in', () => {
    const net = base({ projections: proj({ weight: 5, delay: 0.1 }) });
    const low = lowerNetwork(validateNetwork(net), hardwareProfile('brainscales2', { bss2WeightLsbNa: 0.05 }), 1);
    expect(Array.from(low.projections[0]!.synapsesPerConnection!)).toEqual(Array(10).fill(2)); // 100 LSB → 2 synapses
    expect(low.deviations).toContainEqual(expect.objectContaining({ kind: 'weight-split', count: 10 }));
  });
});
