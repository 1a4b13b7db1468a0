/**
 * The PF–PC rule in the emulator against the CerebNEST ground truth: for given PF and IO spike
 * trains, each synapse i→p ends at
 *   w = w0 + n_PF(i)·A_plus + A_minus · Σ_{t_IO of p} Σ_{t_PF of i} k(t_PF − (t_IO − 1 ms)),
 * sd = t_PF − (t_IO − 1) ∈ [−200, 0) ms, k(sd) = e^(−(sd−150)/1000)·sin(2π(sd−150)/1000)^20/1.2848,
 * computed here from the formula (no clipping is reached).
 * Float profile: equal to 1e-12 relative. SpiNNaker profile (fixed-point bound, stated): the
 * weight is within step/2 (initial rounding) + n_PF·|A⁺_q − A⁺| + Σ_IO (|A⁻_q − A⁻|·K + |A⁻_q|·n·2^−12
 * + step) of the closed form, where A±_q are the amplitudes rounded to the weight step, n the number
 * of kernel terms (each table entry rounded to 2^−11, error ≤ 2^−12) and the last step the
 * truncation of the LTD change to whole steps. An amplitude below half a step is a violation.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/random.js';
import { ValidationError } from '../../../core/errors.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { SpikingEngine } from '../../../brains/spiking/index.js';
import { pfPcKernel } from '../../../brains/spiking/plasticity/pf-pc.js';
import { EmulatorEngine, hardwareProfile } from '../../../neuromorphic/emulator/index.js';

const ctx = { seed: 5, startNs: 0, log: () => undefined };
const PC = { cm: 0.4, tau_m: 25, v_rest: -70, v_thresh: 50, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 1.6, e_rev_E: 0, e_rev_I: -80, tau_refrac: 2 };
const W0 = 0.0004;
const AP = 4e-7;
const AM = -2.7e-7;

function trains(seed: number, n: number, count: number, spanMs: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => [...new Set(Array.from({ length: count }, () => 1 + Math.floor(rng.float() * spanMs)))].sort((a, b) => a - b));
}

function net(pf: number[][], io: number[][]): NetworkDescInput {
  return {
    timestepMs: 1,
    populations: [
      { label: 'PF', size: pf.length, cellType: 'SpikeSourceArray', spikeTimes: pf },
      { label: 'IO', size: io.length, cellType: 'SpikeSourceArray', spikeTimes: io },
      { label: 'PC', size: io.length, cellType: 'IF_cond_exp', params: PC },
    ],
    projections: [
      { label: 'pf_pc', pre: 'PF', post: 'PC', connector: { type: 'AllToAll' }, synapse: { type: 'PfPcPlasticity', weight: W0, delay: 1, teacher: 'IO', A_plus: AP, A_minus: AM, w_min: 0, w_max: 0.0012 } },
    ],
  };
}

/** Closed form per (pre i, post p) and the number of kernel terms / K sum per IO spike. */
function groundTruth(pf: number[][], io: number[][], aPlus: number, aMinus: number) {
  return (i: number, p: number) => {
    let K = 0;
    const perIo: { K: number; n: number }[] = [];
    for (const tIo of io[p]!) {
      let k = 0;
      let n = 0;
      for (const tPf of pf[i]!) {
        const sd = tPf - (tIo - 1);
        if (sd >= -200 && sd < 0) {
          k += pfPcKernel(sd);
          n++;
        }
      }
      K += k;
      perIo.push({ K: k, n });
    }
    return { w: W0 + pf[i]!.length * aPlus + aMinus * K, perIo };
  };
}

function run(e: EmulatorEngine, ms: number) {
  e.init(ctx);
  for (let k = 0; k < ms; k++) e.advance((k + 1) * e.dt, {});
  return e.getConnections('pf_pc');
}

describe('PF–PC rule vs the CerebNEST closed form', () => {
  const pf = trains(1, 30, 25, 900);
  const io = trains(2, 3, 8, 900);
  const truth = groundTruth(pf, io, AP, AM);

  it('float profile: equal to the closed form', () => {
    const c = run(new EmulatorEngine(net(pf, io), { profile: 'float' }), 1000);
    expect(c.weight.length).toBe(90);
    let moved = 0;
    for (let s = 0; s < c.weight.length; s++) {
      const t = truth(c.pre[s]!, c.post[s]!).w;
      expect(Math.abs(c.weight[s]! - t)).toBeLessThanOrEqual(1e-12 * t);
      if (Math.abs(t - W0) > 1e-6) moved++;
    }
    expect(moved).toBeGreaterThan(30); // LTD and LTP both acted
  });

  it('SpiNNaker profile: within the fixed-point bound (weight step of the projection, s4.11 kernel, truncated LTD)', () => {
    const e = new EmulatorEngine(net(pf, io), { profile: 'spinnaker' });
    const c = run(e, 1000);
    const low = e.lowered!.projections[0]!;
    const step = low.weightStep!;
    // shift rule on w_max·1024 for 30 fibres: max(mean + 5 sd, biggest) ≈ 6.9 → s = 3
    expect(low.quantum).toBe(3);
    expect(step).toBe(2 ** (3 - 15) / 1024);
    const aP = low.plastic!.aPlus;
    const aM = low.plastic!.aMinus;
    expect(Number.isInteger(aP / step) && Number.isInteger(aM / step)).toBe(true);
    let worst = 0;
    for (let s = 0; s < c.weight.length; s++) {
      const g = truth(c.pre[s]!, c.post[s]!);
      expect(Number.isInteger(c.weight[s]! / step)).toBe(true);
      let bound = step / 2 + pf[c.pre[s]!]!.length * Math.abs(aP - AP);
      for (const x of g.perIo) if (x.n > 0) bound += Math.abs(aM - AM) * x.K + Math.abs(aM) * x.n * 2 ** -12 + step;
      const err = Math.abs(c.weight[s]! - g.w);
      worst = Math.max(worst, err / bound);
      expect(err).toBeLessThanOrEqual(bound);
    }
    expect(worst).toBeGreaterThan(0);
  });

  it('an amplitude below half a weight step is a violation (strict) or a reported deviation (lenient)', () => {
    // shift 10: step 2^−5/1024 ≈ 3.1e−5 µS, so A_plus = 4e−7 and A_minus = −2.7e−7 round to 0
    const coarse = (strict: boolean) => hardwareProfile('spinnaker', { strict, spinnaker: { ringBufferShifts: { 'PC:excitatory': 10 } } });
    expect(() => new EmulatorEngine(net(pf, io), { profile: coarse(true) }).init(ctx)).toThrow(ValidationError);
    expect(() => new EmulatorEngine(net(pf, io), { profile: coarse(true) }).init(ctx)).toThrow(/projections\[0\]\.synapse\.A_plus/);
    const out = new EmulatorEngine(net(pf, io), { profile: coarse(false) }).init(ctx);
    const kinds = (out.deviations as unknown as { kind: string }[]).map((d) => d.kind);
    expect(kinds.filter((k) => k === 'plasticity-underflow').length).toBe(2);
    expect(() => new EmulatorEngine(net(pf, io), { profile: hardwareProfile('spinnaker', { spinnaker: { ringBufferShifts: { 'GrC:excitatory': 1 } } }) }).init(ctx)).toThrow(/ringBufferShifts/);
  });

  it('float profile equals brains/spiking on the same network (weights after 1 s)', () => {
    const sim = new SpikingEngine({ name: 'sim', network: net(pf, io), spikeOutputs: ['PC'] });
    sim.init(ctx);
    for (let k = 0; k < 1000; k++) sim.advance((k + 1) * sim.dt, {});
    const a = sim.network.getConnections('pf_pc');
    const b = run(new EmulatorEngine(net(pf, io), { profile: 'float' }), 1000);
    expect(Array.from(b.pre)).toEqual(Array.from(a.pre));
    expect(Array.from(b.post)).toEqual(Array.from(a.post));
    expect(Array.from(b.weight)).toEqual(Array.from(a.weight));
  });

  it('reset keeps learnt weights with keep: [weights] and restores them otherwise', () => {
    const e = new EmulatorEngine(net(pf, io), { profile: 'float' });
    const learnt = run(e, 1000).weight;
    e.reset({ keep: ['weights'] });
    expect(Array.from(e.getWeights('pf_pc'))).toEqual(Array.from(learnt));
    e.reset();
    expect(e.getWeights('pf_pc').every((w) => w === W0)).toBe(true);
    expect(() => e.reset({ keep: ['state'] })).toThrow(/reset\.keep/);
  });
});
