/**
 * PF–PC rule against the closed-form kernel sum (the CerebNEST ground-truth check): for given PF
 * and IO spike trains the final weight of synapse PF i → PC p must equal
 *   w0 + A+·(#spikes of PF i) + A−·Σ_{t_IO of p} Σ_{t_PF of i, sd ∈ [−200, 0)} k(sd),
 *   sd = t_PF − (t_IO − 1), k(sd) = exp(−(sd−150)/1000)·sin(2π(sd−150)/1000)^20/1.2848,
 * computed here directly from the spike times (no clipping: parameters keep w inside the bounds).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/random.js';
import { buildNetwork } from '../../../brains/spiking/index.js';

const k = (sd: number): number => (Math.exp(-(sd - 150) / 1000) * Math.pow(Math.sin((2 * Math.PI * (sd - 150)) / 1000), 20)) / 1.2848;

describe('PF–PC plasticity', () => {
  it('kernel peaks near sd = −100 ms with half maximum ≈ −142 … −60 ms', () => {
    let best = -1;
    let arg = 0;
    for (let sd = -200; sd < 0; sd += 0.1) if (k(sd) > best) [best, arg] = [k(sd), sd];
    expect(Math.abs(arg + 100)).toBeLessThan(5);
    const half: number[] = [];
    for (let sd = -200; sd < 0; sd += 0.1) if (k(sd) >= best / 2) half.push(sd);
    expect(Math.abs(half[0]! + 142)).toBeLessThan(4);
    expect(Math.abs(half[half.length - 1]! + 60)).toBeLessThan(4);
  });

  it('reproduces the closed-form kernel sum for random PF and IO trains (rel. tol 1e-9)', () => {
    const rng = new Rng(42);
    const nPf = 60;
    const nPc = 3;
    const T = 1500;
    const dt = 0.1;
    const grid = (t: number): number => Math.round(t / dt) * dt;
    const pfTimes: number[][] = Array.from({ length: nPf }, () => {
      const ts: number[] = [];
      for (let t = rng.exponential(0.03); t < T; t += 1 + rng.exponential(0.03)) ts.push(grid(t));
      return ts;
    });
    const ioTimes: number[][] = Array.from({ length: nPc }, () => {
      const ts: number[] = [];
      for (let t = 250 + rng.uniform(0, 100); t < T; t += 200 + rng.uniform(0, 300)) ts.push(grid(t));
      return ts;
    });
    const w0 = 0.5;
    const aPlus = 1e-4;
    const aMinus = -2e-3;
    const net = buildNetwork({
      timestepMs: dt,
      populations: [
        { label: 'PF', size: nPf, cellType: 'SpikeSourceArray', spikeTimes: pfTimes },
        { label: 'IO', size: nPc, cellType: 'SpikeSourceArray', spikeTimes: ioTimes },
        { label: 'PC', size: nPc, cellType: 'IF_cond_exp' },
      ],
      projections: [{ label: 'pfpc', pre: 'PF', post: 'PC', connector: { type: 'AllToAll' }, synapse: { type: 'PfPcPlasticity', weight: w0, delay: 1, teacher: 'IO', A_plus: aPlus, A_minus: aMinus, w_min: 0, w_max: 10 } }],
    }, { seed: 3 });
    net.run(T + 1);
    const c = net.getConnections('pfpc');
    let ltdSeen = 0;
    for (let s = 0; s < c.pre.length; s++) {
      const i = c.pre[s]!;
      const p = c.post[s]!;
      let ltd = 0;
      for (const tio of ioTimes[p]!) for (const tpf of pfTimes[i]!) {
        const sd = tpf - (tio - 1);
        if (sd >= -200 - 1e-9 && sd < -1e-9) ltd += k(sd);
      }
      ltdSeen += ltd;
      const expected = w0 + aPlus * pfTimes[i]!.length + aMinus * ltd;
      expect(Math.abs(c.weight[s]! - expected)).toBeLessThan(1e-9 * Math.abs(expected));
    }
    expect(ltdSeen).toBeGreaterThan(1); // the trains do exercise LTD
  });

  it('clips weights to [w_min, w_max]', () => {
    const net = buildNetwork({
      populations: [
        { label: 'PF', size: 1, cellType: 'SpikeSourceRegular', params: { rate: 200 } },
        { label: 'IO', size: 1, cellType: 'SpikeSourceRegular', params: { rate: 50, start: 302 } },
        { label: 'PC', size: 1, cellType: 'IF_cond_exp' },
      ],
      projections: [{ label: 'pfpc', pre: 'PF', post: 'PC', connector: { type: 'OneToOne' }, synapse: { type: 'PfPcPlasticity', weight: 0.5, teacher: 'IO', A_plus: 0.01, A_minus: -1, w_min: 0, w_max: 1 } }],
      recorders: [{ kind: 'weights', projection: 'pfpc', samplingIntervalMs: 1 }],
    }, { seed: 1 });
    net.run(600);
    const tr = net.getTrace('weights:pfpc');
    const w = Array.from(tr.data);
    expect(Math.max(...w)).toBe(1);
    expect(Math.min(...w)).toBe(0);
  });

  it('delivers the weight after this step\'s LTP, once per spike (also when a fibre fires twice in one step)', () => {
    // A conductance that hardly decays (τ = 10⁹ ms) sums what reaches each PC. Every PF spike first
    // adds A_plus to its synapses, then delivers them: the m-th spike of a fibre brings w0 + m·A_plus.
    // Fibre 3 fires twice within one 1 ms step: both LTPs come first, then two deliveries of w0 + 2·A_plus.
    const w0 = 0.01;
    const aPlus = 0.001;
    const pfTimes = [[5, 9], [5, 12], [20], [15, 15.3]];
    const net = buildNetwork({
      timestepMs: 1,
      populations: [
        { label: 'PF', size: 4, cellType: 'SpikeSourceArray', spikeTimes: pfTimes },
        { label: 'IO', size: 2, cellType: 'SpikeSourceArray', spikeTimes: [[], []] },
        { label: 'PC', size: 2, cellType: 'IF_cond_exp', params: { tau_syn_E: 1e9, v_thresh: 1e3 } },
      ],
      projections: [{ label: 'pfpc', pre: 'PF', post: 'PC', connector: { type: 'AllToAll' }, synapse: { type: 'PfPcPlasticity', weight: w0, delay: 1, teacher: 'IO', A_plus: aPlus, A_minus: -1e-3, w_min: 0, w_max: 1 } }],
      recorders: [{ kind: 'population', population: 'PC', variables: ['gsyn_exc'] }],
    }, { seed: 1 });
    net.run(30);
    const expected = (w0 + aPlus) + (w0 + 2 * aPlus) + (w0 + aPlus) + (w0 + 2 * aPlus) + (w0 + aPlus) + 2 * (w0 + 2 * aPlus);
    const g = net.getTrace('PC.gsyn_exc');
    for (let p = 0; p < 2; p++) {
      const last = g.data[(g.timesMs.length - 1) * g.width + p]!;
      expect(Math.abs(last - expected)).toBeLessThan(1e-6 * expected);
    }
  });
});
