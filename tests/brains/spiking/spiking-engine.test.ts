import { describe, expect, it } from 'vitest';
import { SimulationError, ValidationError } from '../../../core/errors.js';
import { spikeBatch } from '../../../core/ports.js';
import { SpikingEngine } from '../../../brains/spiking/index.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { describeEngineConformance } from '../../conformance/engine-conformance.js';

const network = (): NetworkDescInput => ({
  timestepMs: 0.1,
  populations: [
    { label: 'MF', size: 20, cellType: 'SpikeSourceExternal' },
    { label: 'bg', size: 20, cellType: 'SpikeSourcePoisson', params: { rate: 50 } },
    { label: 'GrC', size: 50, cellType: 'IF_cond_exp', initial: { v: { distribution: 'uniform', low: -65, high: -55 } } },
    { label: 'PC', size: 4, cellType: 'IF_cond_exp' },
    { label: 'IO', size: 4, cellType: 'SpikeSourceExternal' },
  ],
  projections: [
    { label: 'mf_grc', pre: 'MF', post: 'GrC', connector: { type: 'FixedNumberPre', n: 4 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 0.02, high: 0.04 }, delay: 1 } },
    { label: 'bg_grc', pre: 'bg', post: 'GrC', connector: { type: 'FixedProbability', p: 0.2 }, synapse: { type: 'StaticSynapse', weight: 0.01, delay: 0.5 } },
    { label: 'pf_pc', pre: 'GrC', post: 'PC', connector: { type: 'AllToAll' }, synapse: { type: 'PfPcPlasticity', weight: 0.01, delay: 1, teacher: 'IO', A_plus: 1e-4, A_minus: -1e-3, w_max: 0.05 } },
  ],
});

const make = (): SpikingEngine => new SpikingEngine({
  name: 'brain', network: network(), dtNs: 1_000_000,
  spikeOutputs: ['GrC', 'PC'], rateOutputs: [{ population: 'GrC' }, { population: 'PC', per: 'neuron' }],
  analogOutputs: [{ population: 'PC', variable: 'v' }], weightOutputs: ['pf_pc'], currentInputs: ['PC'], rateInputs: ['bg'],
});

describeEngineConformance('SpikingEngine', {
  create: make,
  inputs: (k) => ({
    'MF.spikes': spikeBatch([k % 20, (3 * k) % 20], [k * 1e6, k * 1e6 + 5e5]),
    'IO.spikes': spikeBatch(k % 5 === 0 ? [k % 4] : [], k % 5 === 0 ? [k * 1e6] : []),
    'PC.current': new Float64Array(4).fill(0.1),
    'bg.rates': new Float64Array(20).fill(40 + k),
  }),
  steps: 30,
});

describe('SpikingEngine behaviour', () => {
  const ctx = { seed: 7, startNs: 0, log: () => undefined };

  it('external spikes make the target neurons spike in the step containing their time', () => {
    const e = new SpikingEngine({ name: 'b', network: { populations: [{ label: 'X', size: 5, cellType: 'SpikeSourceExternal' }] }, dtNs: 1_000_000, spikeOutputs: ['X'] });
    e.init(ctx);
    const out = e.advance(1_000_000, { 'X.spikes': spikeBatch([1, 3], [300_000, 0]) });
    const b = out['X.spikes'] as { ids: Int32Array; timesNs: Float64Array; count: number };
    const got = Array.from({ length: b.count }, (_, m) => [b.ids[m], b.timesNs[m]]);
    expect(got).toEqual([[3, 0], [1, 300_000]]);
    expect(() => e.advance(2_000_000, { 'X.spikes': spikeBatch([1], [2_000_000]) })).toThrow(ValidationError);
  });

  it('reset keeps learnt weights only when asked', () => {
    const e = make();
    e.init(ctx);
    const drive = (k: number) => ({ 'MF.spikes': spikeBatch([k % 20, (k + 7) % 20, (k + 13) % 20], [k * 1e6, k * 1e6, k * 1e6]), 'IO.spikes': spikeBatch(k % 50 === 49 ? [0, 1, 2, 3] : [], k % 50 === 49 ? [k * 1e6, k * 1e6, k * 1e6, k * 1e6] : []) });
    for (let k = 0; k < 300; k++) e.advance((k + 1) * 1e6, drive(k));
    const learnt = e.network.getWeights('pf_pc');
    expect(learnt.some((w) => Math.abs(w - 0.01) > 1e-9)).toBe(true);
    const out = e.reset({ keep: ['weights'] });
    expect(Array.from(e.network.getWeights('pf_pc'))).toEqual(Array.from(learnt));
    expect(Array.from(out['pf_pc.weights'] as Float64Array).some((w) => Math.abs(w - 0.01) > 1e-9)).toBe(true);
    e.reset();
    expect(e.network.getWeights('pf_pc').every((w) => w === 0.01)).toBe(true);
    expect(() => e.reset({ keep: ['voltages'] })).toThrow(ValidationError);
  });

  it('a runaway stops the run naming population, neuron, variable and time', () => {
    const e = new SpikingEngine({
      name: 'b', network: { populations: [{ label: 'A', size: 3, cellType: 'Izhikevich' }] }, spikeOutputs: ['A'], currentInputs: ['A'],
    });
    e.init(ctx);
    const cur = new Float64Array(3);
    cur[2] = -1e6; // drives v to −∞ through the quadratic term
    let err: unknown;
    try {
      for (let k = 0; k < 100; k++) e.advance((k + 1) * e.dt, { 'A.current': cur });
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(SimulationError);
    expect((err as SimulationError).variable).toBe('A.v');
    expect((err as SimulationError).index).toBe(2);
    expect((err as SimulationError).engine).toBe('b');
  });

  it('rejects bad options with the field named', () => {
    expect(() => new SpikingEngine({ name: 'b', network: network(), spikeOutputs: ['nope'] })).toThrow(/spikeOutputs/);
    expect(() => new SpikingEngine({ name: 'b', network: network(), dtNs: 150_000, spikeOutputs: ['PC'] })).toThrow(/dtNs/);
    expect(() => new SpikingEngine({ name: 'b', network: network(), spikeOutputs: ['PC'], rateInputs: ['GrC'] })).toThrow(/rateInputs/);
  });
});
