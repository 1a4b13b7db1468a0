/**
 * The WebAssembly IF_curr_exp kernel (brains/spiking/wasm/lif-curr.wat) against the JavaScript
 * kernel it replaces (`stepExp`, kernel 'js'): the same network must give the same spikes and V
 * traces bit for bit, on every path input takes (direct constant-delay delivery, rings with
 * per-synapse delays, currents injected from outside and by current sources, i_offset), for odd
 * population sizes (the scalar tail), across a reset, and the same runaway error. The embedded
 * binary must be what the .wat source assembles to.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimulationError } from '../../../core/errors.js';
import type { NetworkDescInput } from '../../../brains/network/network-desc.js';
import { buildNetwork, cubaNetwork } from '../../../brains/spiking/index.js';
import { LifCurrPopulation } from '../../../brains/spiking/neurons/lif-curr.js';
import { assembleWat, embedModule } from '../../../brains/spiking/wasm/assemble.js';

type Kernel = 'wasm' | 'js';

function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return k;
  return -1;
}

/** A small current-based network that uses every input path of the kernel. */
function mixedNet(nE: number, nI: number): NetworkDescInput {
  const params = { cm: 0.5, tau_m: 15, v_rest: -62, v_reset: -68, v_thresh: -52, tau_refrac: 2.3, tau_syn_E: 3, tau_syn_I: 7, i_offset: 0.35 };
  const init = { v: { distribution: 'uniform' as const, low: -68, high: -52 }, isyn_exc: { distribution: 'uniform' as const, low: 0, high: 0.2 } };
  return {
    timestepMs: 0.1,
    populations: [
      { label: 'P', size: 9, cellType: 'SpikeSourcePoisson', params: { rate: 40 } },
      { label: 'E', size: nE, cellType: 'IF_curr_exp', params, initial: init },
      { label: 'I', size: nI, cellType: 'IF_curr_exp', params: { ...params, i_offset: 0 }, initial: init },
    ],
    projections: [
      // Direct path (constant delay) and ring path (per-synapse delays) into the same population.
      { label: 'PE', pre: 'P', post: 'E', connector: { type: 'FixedProbability', p: 0.6 }, synapse: { type: 'StaticSynapse', weight: 0.4, delay: 1 }, receptor: 'excitatory' },
      { label: 'EE', pre: 'E', post: 'E', connector: { type: 'FixedProbability', p: 0.2 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: 0.05, high: 0.3 }, delay: { distribution: 'uniform', low: 0.1, high: 6 } }, receptor: 'excitatory' },
      { label: 'EI', pre: 'E', post: 'I', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: 0.5, delay: 0.1 }, receptor: 'excitatory' },
      { label: 'IE', pre: 'I', post: 'E', connector: { type: 'FixedProbability', p: 0.4 }, synapse: { type: 'StaticSynapse', weight: -0.6, delay: { distribution: 'uniform', low: 0.5, high: 3 } }, receptor: 'inhibitory' },
    ],
    currentSources: [
      { type: 'StepCurrentSource', target: 'I', times: [30, 80, 120], amplitudes: [0.4, -0.2, 0.9] },
      { type: 'NoisyCurrentSource', target: 'E', mean: 0.05, stdev: 0.2, start: 10, stop: 150, dt: 1 },
    ],
    recorders: [
      { kind: 'population', population: 'E', variables: ['spikes', 'v', 'isyn_exc', 'isyn_inh'] },
      { kind: 'population', population: 'I', variables: ['spikes', 'v'] },
    ],
  };
}

function runMixed(kernel: Kernel, nE: number, nI: number) {
  const sim = buildNetwork(mixedNet(nE, nI), { seed: 11, kernel });
  const out: { label: string; a: ArrayLike<number> }[] = [];
  const collect = (tag: string) => {
    for (const p of ['E', 'I']) {
      const s = sim.getSpikes(p);
      out.push({ label: `${tag} ${p} ids`, a: s.ids }, { label: `${tag} ${p} times`, a: s.timesMs });
    }
    for (const key of ['E.v', 'E.isyn_exc', 'E.isyn_inh', 'I.v']) out.push({ label: `${tag} ${key}`, a: sim.getTrace(key).data });
  };
  // External current into I for the first 60 ms (the engine's current port), then none.
  sim.setCurrents('I', Float64Array.from({ length: nI }, (_, i) => 0.1 * (i % 4)));
  sim.run(60);
  sim.setCurrents('I', null);
  sim.run(140);
  collect('run 1');
  sim.reset({ seed: 12 });
  sim.run(120);
  collect('after reset');
  const kinds = ['E', 'I'].map((p) => (sim.population(p) as LifCurrPopulation).wasmKernel);
  return { out, kinds };
}

describe('WebAssembly IF_curr_exp kernel', () => {
  it('the embedded binary is what lif-curr.wat assembles to (run `npm run wasm` after editing the .wat)', async () => {
    const dir = new URL('../../../brains/spiking/wasm/', import.meta.url);
    const wat = readFileSync(new URL('lif-curr.wat', dir), 'utf8');
    const embedded = readFileSync(new URL('lif-curr-wasm.ts', dir), 'utf8');
    expect(embedded).toBe(embedModule('lif-curr', await assembleWat('lif-curr.wat', wat)));
  });

  for (const [nE, nI] of [[40, 13], [41, 1]] as const) {
    it(`same spikes, V and currents as the JS kernel bit for bit (E ${nE}, I ${nI}: all input paths, reset)`, () => {
      const js = runMixed('js', nE, nI);
      const wasm = runMixed('wasm', nE, nI);
      expect(js.kinds).toEqual([false, false]);
      expect(wasm.kinds).toEqual([true, true]);
      const nSpikes = js.out.filter((o) => o.label.endsWith('ids')).map((o) => o.a.length);
      for (const c of nSpikes) expect(c).toBeGreaterThan(5); // every population fires, in both runs
      for (let m = 0; m < js.out.length; m++) {
        const a = js.out[m] as { label: string; a: ArrayLike<number> };
        const b = wasm.out[m] as { label: string; a: ArrayLike<number> };
        expect(b.label).toBe(a.label);
        expect({ what: a.label, firstDiff: firstDiff(a.a, b.a) }).toEqual({ what: a.label, firstDiff: -1 });
      }
    });
  }

  it('CUBA (Brian2 example network, 1000 neurons, 300 ms): identical spike trains', () => {
    const spikes = (kernel: Kernel) => {
      const sim = buildNetwork(cubaNetwork(1000), { seed: 5, kernel });
      sim.run(300);
      return [sim.getSpikes('E'), sim.getSpikes('I')];
    };
    const a = spikes('js');
    const b = spikes('wasm');
    expect(a[0]?.ids.length).toBeGreaterThan(300);
    for (let p = 0; p < 2; p++) {
      expect(firstDiff(a[p]?.ids ?? [], b[p]?.ids ?? [])).toBe(-1);
      expect(firstDiff(a[p]?.timesMs ?? [], b[p]?.timesMs ?? [])).toBe(-1);
    }
  });

  for (const bad of [4, 6]) {
    it(`a runaway of neuron ${bad} of 7 (${bad === 6 ? 'scalar tail' : 'vector pair'}) stops the run with the JS kernel's error`, () => {
      const runaway = (kernel: Kernel): SimulationError => {
        const sim = buildNetwork({
          timestepMs: 0.1,
          populations: [{ label: 'N', size: 7, cellType: 'IF_curr_exp', params: { v_thresh: 1e12, v_reset: -65 } }],
          projections: [],
          recorders: [],
        }, { seed: 1, kernel });
        const cur = new Float64Array(7);
        cur[bad] = 1e9;
        sim.setCurrents('N', cur);
        try {
          sim.run(10);
        } catch (e) {
          return e as SimulationError;
        }
        throw new Error('no runaway');
      };
      const a = runaway('js');
      const b = runaway('wasm');
      expect(b).toBeInstanceOf(SimulationError);
      expect(b.message).toBe(a.message);
      expect(b.index).toBe(bad);
      expect(b.variable).toBe('N.v');
    });
  }
});
