/**
 * The emulator's float profile against our float simulator (brains/spiking SpikingEngine) on the
 * same recurrent network: identical spike trains (ids and times), at 0.1 ms and 1 ms steps, while
 * the emulator performs fewer neuron updates than the dense sweep. The hardware profiles are
 * compared with the float profile in profiles.test.ts (differences explained by quantisation), so
 * by this identity they are compared with the float simulator too.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/random.js';
import type { SpikeBatch } from '../../../core/ports.js';
import type { NetworkDescInput } from '../../../brains/network/index.js';
import { SpikingEngine } from '../../../brains/spiking/index.js';
import { EmulatorEngine } from '../../../neuromorphic/emulator/index.js';

function net(dtMs: number): NetworkDescInput {
  const rng = new Rng(11);
  const times = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => Math.round((rng.float() * 500) / dtMs) * dtMs).sort((a, b) => a - b));
  const P = { cm: 1, tau_m: 20, tau_syn_E: 5, tau_syn_I: 5, v_rest: -65, v_reset: -65, v_thresh: -55, tau_refrac: 2 };
  return {
    timestepMs: dtMs,
    populations: [
      { label: 'inp', size: 40, cellType: 'SpikeSourceArray', spikeTimes: times },
      { label: 'ext', size: 5, cellType: 'SpikeSourceExternal' },
      { label: 'n', size: 60, cellType: 'IF_curr_exp', params: P },
    ],
    projections: [
      { label: 'e', pre: 'inp', post: 'n', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 1.0, high: 3.0 }, delay: 1 } },
      { label: 'i', pre: 'inp', post: 'n', connector: { type: 'FixedProbability', p: 0.1 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: -2.0, high: -0.5 }, delay: 1 }, receptor: 'inhibitory' },
      { label: 'x', pre: 'ext', post: 'n', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 2, delay: 3 } },
      { label: 'r', pre: 'n', post: 'n', connector: { type: 'FixedProbability', p: 0.1 }, synapse: { type: 'StaticSynapse', weight: 0.8, delay: 2 } },
    ],
  };
}

describe('emulator (float profile) vs brains/spiking SpikingEngine', () => {
  for (const dtMs of [0.1, 1]) {
    it(`identical spike trains on a recurrent network at dt = ${dtMs} ms`, () => {
      const network = net(dtMs);
      const emu = new EmulatorEngine(network, { spikeOutputs: ['n'] });
      const sim = new SpikingEngine({ name: 'sim', network, spikeOutputs: ['n'] });
      const ctx = { seed: 3, startNs: 0, log: () => undefined };
      emu.init(ctx);
      sim.init(ctx);
      const a: string[] = [];
      const b: string[] = [];
      const steps = Math.round(600 / dtMs);
      for (let k = 0; k < steps; k++) {
        const ids = k % Math.round(50 / dtMs) === 0 ? [k % 5] : [];
        const input = { 'ext.spikes': { ids: Int32Array.from(ids), timesNs: Float64Array.from(ids.map(() => k * emu.dt)), count: ids.length } };
        const oa = emu.advance((k + 1) * emu.dt, input)['n.spikes'] as SpikeBatch;
        const ob = sim.advance((k + 1) * sim.dt, input)['n.spikes'] as SpikeBatch;
        for (let i = 0; i < oa.count; i++) a.push(`${oa.ids[i]}@${oa.timesNs[i]}`);
        for (let i = 0; i < ob.count; i++) b.push(`${ob.ids[i]}@${ob.timesNs[i]}`);
      }
      expect(b.length).toBeGreaterThan(1000);
      expect([...a].sort()).toEqual([...b].sort());
      expect(emu.stats.neuronUpdates).toBeLessThan(60 * steps);
    });
  }
});
