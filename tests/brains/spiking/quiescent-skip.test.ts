/**
 * IF_cond's quiescent fast path (neurons at rest are skipped, deliveries wake them) against the
 * same network with skipping disabled: a 0 nA DC source on the target population turns the fast
 * path off (an injected current makes a neuron's rest state unknowable in advance), so every neuron
 * is integrated every step. Both must give the same V traces and spikes bit for bit, for each way
 * input reaches a neuron: rings with per-synapse delays (input is delivered at emission, possibly
 * many steps before it arrives), direct constant-delay delivery, and a plastic projection's rings.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkDescInput, SynapseDesc } from '../../../brains/network/network-desc.js';
import { buildNetwork } from '../../../brains/spiking/index.js';

const spikeTimes = Array.from({ length: 8 }, (_, i) => Array.from({ length: 6 }, (_, k) => 5 + 37 * k + 11 * i + (k * i) % 7));

function net(synapse: SynapseDesc, skip: boolean, cellType: 'IF_cond_exp' | 'IF_cond_alpha'): NetworkDescInput {
  return {
    timestepMs: 0.1,
    populations: [
      { label: 'S', size: 8, cellType: 'SpikeSourceArray', spikeTimes },
      { label: 'N', size: 12, cellType, params: { v_rest: -65, v_reset: -65, v_thresh: -55, tau_refrac: 2 }, initial: { v: -65 } },
    ],
    projections: [
      { label: 'sn', pre: 'S', post: 'N', connector: { type: 'FixedProbability', p: 0.5 }, synapse, receptor: 'excitatory' },
    ],
    currentSources: skip ? [] : [{ type: 'DCSource', target: 'N', amplitude: 0 }],
    recorders: [{ kind: 'population', population: 'N', variables: ['spikes', 'v'] }],
  };
}

function run(synapse: SynapseDesc, skip: boolean, cellType: 'IF_cond_exp' | 'IF_cond_alpha') {
  // An alpha conductance of peak w carries less charge than an exponential one of jump w.
  const syn = cellType === 'IF_cond_alpha' ? { ...synapse, weight: 3 * (synapse.weight as number) } as SynapseDesc : synapse;
  const sim = buildNetwork(net(syn, skip, cellType), { seed: 3 });
  sim.run(300);
  return { spikes: sim.getSpikes('N'), v: sim.getTrace('N.v').data };
}

const cases: [string, SynapseDesc][] = [
  ['ring path, per-synapse delays 1–25 ms', { type: 'StaticSynapse', weight: 0.03, delay: { distribution: 'uniform', low: 1, high: 25 } }],
  ['direct path, constant 4 ms delay', { type: 'StaticSynapse', weight: 0.03, delay: 4 }],
  ['plastic projection (STDP) with a 15 ms delay', {
    type: 'STDPMechanism', weight: 0.03, delay: 15,
    timing: { rule: 'SpikePairRule', tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.012 },
    weightDependence: { rule: 'Additive', w_min: 0, w_max: 0.2 },
  } as SynapseDesc],
];

describe('IF_cond quiescent fast path', () => {
  for (const cellType of ['IF_cond_exp', 'IF_cond_alpha'] as const) {
    for (const [name, synapse] of cases) {
      it(`${cellType}, ${name}: same V and spikes as without skipping`, () => {
        const a = run(synapse, true, cellType);
        const b = run(synapse, false, cellType);
        expect(b.spikes.ids.length).toBeGreaterThan(5); // the input makes the targets fire
        expect(Array.from(a.spikes.ids)).toEqual(Array.from(b.spikes.ids));
        expect(Array.from(a.spikes.timesMs)).toEqual(Array.from(b.spikes.timesMs));
        let firstDiff = -1;
        for (let k = 0; k < a.v.length && firstDiff < 0; k++) if (!Object.is(a.v[k], b.v[k])) firstDiff = k;
        expect(firstDiff).toBe(-1);
      });
    }
  }
});
