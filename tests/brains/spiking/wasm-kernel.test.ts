/**
 * The WebAssembly kernels (brains/spiking/wasm/lif-curr.wat, lif-cond.wat) against the JavaScript
 * kernels they replace (kernel 'js'): the same network must give the same spikes, V and synaptic
 * traces bit for bit, on every path input takes (direct constant-delay delivery, rings with
 * per-synapse delays, currents injected from outside and by current sources, i_offset), with
 * IF_cond's quiescent fast path and its exp fallback, for odd population sizes (IF_curr's scalar
 * tail), across a reset, and with the same runaway error. The embedded binaries must be what the
 * .wat sources assemble to.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { SimulationError } from '../../../core/errors.js';
import type { NetworkDescInput } from '../../../brains/network/network-desc.js';
import { buildNetwork, cobaNetwork, cubaNetwork } from '../../../brains/spiking/index.js';
import { LifCondPopulation } from '../../../brains/spiking/neurons/lif-cond.js';
import { LifCurrPopulation } from '../../../brains/spiking/neurons/lif-curr.js';
import { assembleWat, embedModule } from '../../../brains/spiking/wasm/assemble.js';

type Kernel = 'wasm' | 'js';

function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return k;
  return -1;
}

type Model = 'IF_curr_exp' | 'IF_curr_alpha' | 'IF_cond_exp' | 'IF_cond_alpha';

/**
 * A small network that uses every input path of the kernels: direct constant-delay delivery and
 * rings with per-synapse delays into the same population, current sources (E, I), the engine's
 * current port (I), i_offset (E), and a population Q without injected current where IF_cond's
 * quiescent fast path runs (its neurons sleep between input volleys).
 */
function mixedNet(model: Model, nE: number, nI: number): NetworkDescInput {
  const cond = model.startsWith('IF_cond');
  const params: Record<string, number> = cond
    ? { cm: 0.2, tau_m: 20, v_rest: -65, v_reset: -70, v_thresh: -52, tau_refrac: 2.3, tau_syn_E: 3, tau_syn_I: 7, e_rev_E: 0, e_rev_I: -80, i_offset: 0.12 }
    : { cm: 0.5, tau_m: 15, v_rest: -62, v_reset: -68, v_thresh: -52, tau_refrac: 2.3, tau_syn_E: 3, tau_syn_I: 7, i_offset: 0.35 };
  // Synaptic weights: nA for current-based (negative inhibitory), µS for conductance-based.
  const w = cond ? { PE: 0.02, EEl: 0.002, EEh: 0.01, EI: 0.03, IE: 0.04, PQ: 0.03 } : { PE: 0.4, EEl: 0.05, EEh: 0.3, EI: 0.5, IE: -0.6, PQ: 1.5 };
  const syn = cond ? 'gsyn' : 'isyn';
  const init = { v: { distribution: 'uniform' as const, low: -68, high: -52 }, [`${syn}_exc`]: { distribution: 'uniform' as const, low: 0, high: cond ? 0.005 : 0.2 } };
  return {
    timestepMs: 0.1,
    populations: [
      { label: 'P', size: 9, cellType: 'SpikeSourcePoisson', params: { rate: 40 } },
      { label: 'E', size: nE, cellType: model, params, initial: init },
      { label: 'I', size: nI, cellType: model, params: { ...params, i_offset: 0 }, initial: init },
      { label: 'Q', size: 15, cellType: model, params: { ...params, i_offset: 0 }, initial: { v: -65 } },
      // Volleys with silence between: S's conductances decay below the flush bound, V reaches rest and S sleeps.
      { label: 'A', size: 6, cellType: 'SpikeSourceArray', spikeTimes: Array.from({ length: 6 }, (_, i) => [5 + i, 12 + i, 100 + 2 * i, 108 + i]) },
      { label: 'S', size: 7, cellType: model, params: { ...params, i_offset: 0, v_rest: -65, tau_m: 2, cm: cond ? 0.2 : 0.5, tau_syn_E: 1, tau_syn_I: 1 }, initial: { v: -65 } },
    ],
    projections: [
      { label: 'PE', pre: 'P', post: 'E', connector: { type: 'FixedProbability', p: 0.6 }, synapse: { type: 'StaticSynapse', weight: w.PE, delay: 1 }, receptor: 'excitatory' },
      { label: 'EE', pre: 'E', post: 'E', connector: { type: 'FixedProbability', p: 0.2 }, synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: w.EEl, high: w.EEh }, delay: { distribution: 'uniform', low: 0.1, high: 6 } }, receptor: 'excitatory' },
      { label: 'EI', pre: 'E', post: 'I', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: w.EI, delay: 0.1 }, receptor: 'excitatory' },
      { label: 'IE', pre: 'I', post: 'E', connector: { type: 'FixedProbability', p: 0.4 }, synapse: { type: 'StaticSynapse', weight: w.IE, delay: { distribution: 'uniform', low: 0.5, high: 3 } }, receptor: 'inhibitory' },
      { label: 'PQ', pre: 'P', post: 'Q', connector: { type: 'FixedProbability', p: 0.5 }, synapse: { type: 'StaticSynapse', weight: w.PQ, delay: { distribution: 'uniform', low: 1, high: 20 } }, receptor: 'excitatory' },
      { label: 'AS', pre: 'A', post: 'S', connector: { type: 'FixedProbability', p: 0.7 }, synapse: { type: 'StaticSynapse', weight: cond ? 0.05 : 6, delay: { distribution: 'uniform', low: 0.5, high: 4 } }, receptor: 'excitatory' },
      { label: 'AS2', pre: 'A', post: 'S', connector: { type: 'FixedProbability', p: 0.4 }, synapse: { type: 'StaticSynapse', weight: cond ? 0.05 : -1, delay: 1.5 }, receptor: 'inhibitory' },
      { label: 'IQ', pre: 'I', post: 'Q', connector: { type: 'FixedProbability', p: 0.3 }, synapse: { type: 'StaticSynapse', weight: w.IE, delay: 2 }, receptor: 'inhibitory' },
    ],
    currentSources: [
      { type: 'StepCurrentSource', target: 'I', times: [30, 80, 120], amplitudes: cond ? [0.1, -0.05, 0.2] : [0.4, -0.2, 0.9] },
      { type: 'NoisyCurrentSource', target: 'E', mean: cond ? 0.01 : 0.05, stdev: cond ? 0.05 : 0.2, start: 10, stop: 150, dt: 1 },
    ],
    recorders: [
      { kind: 'population', population: 'E', variables: ['spikes', 'v', `${syn}_exc`, `${syn}_inh`] },
      { kind: 'population', population: 'I', variables: ['spikes', 'v'] },
      { kind: 'population', population: 'Q', variables: ['spikes', 'v', `${syn}_exc`] },
      { kind: 'population', population: 'S', variables: ['spikes', 'v', `${syn}_exc`, `${syn}_inh`] },
    ],
  };
}

function runMixed(model: Model, kernel: Kernel, nE: number, nI: number) {
  const sim = buildNetwork(mixedNet(model, nE, nI), { seed: 11, kernel });
  const syn = model.startsWith('IF_cond') ? 'gsyn' : 'isyn';
  const out: { label: string; a: ArrayLike<number> }[] = [];
  const collect = (tag: string) => {
    for (const p of ['E', 'I', 'Q', 'S']) {
      const s = sim.getSpikes(p);
      out.push({ label: `${tag} ${p} ids`, a: s.ids }, { label: `${tag} ${p} times`, a: s.timesMs });
    }
    for (const key of ['E.v', `E.${syn}_exc`, `E.${syn}_inh`, 'I.v', 'Q.v', `Q.${syn}_exc`, 'S.v', `S.${syn}_exc`, `S.${syn}_inh`]) out.push({ label: `${tag} ${key}`, a: sim.getTrace(key).data });
  };
  // External current into I for the first 60 ms (the engine's current port), then none.
  sim.setCurrents('I', Float64Array.from({ length: nI }, (_, i) => (model.startsWith('IF_cond') ? 0.03 : 0.1) * (i % 4)));
  sim.run(60);
  sim.setCurrents('I', null);
  sim.run(140);
  collect('run 1');
  sim.reset({ seed: 12 });
  sim.run(120);
  collect('after reset');
  const kinds = ['E', 'I', 'Q', 'S'].map((p) => (sim.population(p) as LifCurrPopulation | LifCondPopulation).wasmKernel);
  // S back at rest exactly (V snapped to its fixed point, conductances flushed) between volleys.
  const sv = sim.getTrace('S.v');
  let restSamples = 0;
  for (let m = 0; m < sv.timesMs.length; m++) {
    if (!((sv.timesMs[m] as number) > 40 && (sv.timesMs[m] as number) < 100)) continue;
    for (let c = 0; c < sv.width; c++) if (sv.data[m * sv.width + c] === -65) restSamples++;
  }
  return { out, kinds, restSamples };
}

describe('WebAssembly IF_curr_exp and IF_cond_exp kernels', () => {
  for (const name of ['lif-curr', 'lif-cond']) {
    it(`the embedded binary is what ${name}.wat assembles to (run \`npm run wasm\` after editing the .wat)`, async () => {
      const dir = new URL('../../../brains/spiking/wasm/', import.meta.url);
      const wat = readFileSync(new URL(`${name}.wat`, dir), 'utf8');
      const embedded = readFileSync(new URL(`${name}-wasm.ts`, dir), 'utf8');
      expect(embedded).toBe(embedModule(name, await assembleWat(`${name}.wat`, wat)));
    });
  }

  for (const model of ['IF_curr_exp', 'IF_curr_alpha', 'IF_cond_exp', 'IF_cond_alpha'] as const) {
    for (const [nE, nI] of [[40, 13], [41, 1]] as const) {
      it(`${model}: same spikes, V and synaptic state as the JS kernel bit for bit (E ${nE}, I ${nI}: all input paths, reset)`, () => {
        const js = runMixed(model, 'js', nE, nI);
        const wasm = runMixed(model, 'wasm', nE, nI);
        expect(js.kinds).toEqual([false, false, false, false]);
        expect(wasm.kinds).toEqual([true, true, true, true]);
        const nSpikes = js.out.filter((o) => o.label.endsWith('ids')).map((o) => o.a.length);
        for (const c of nSpikes) expect(c).toBeGreaterThan(5); // every population fires, in both runs
        if (model.startsWith('IF_cond')) expect(js.restSamples).toBeGreaterThan(1000);
        for (let m = 0; m < js.out.length; m++) {
          const a = js.out[m] as { label: string; a: ArrayLike<number> };
          const b = wasm.out[m] as { label: string; a: ArrayLike<number> };
          expect(b.label).toBe(a.label);
          expect({ what: a.label, firstDiff: firstDiff(a.a, b.a) }).toEqual({ what: a.label, firstDiff: -1 });
        }
      });
    }
  }

  for (const [name, make] of [['CUBA', cubaNetwork], ['COBA', cobaNetwork]] as const) {
    it(`${name} (Brian2 benchmark network, 1000 neurons, 300 ms): identical spike trains`, () => {
      const spikes = (kernel: Kernel) => {
        const sim = buildNetwork(make(1000), { seed: 5, kernel });
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
  }

  it('IF_cond_exp with a membrane time constant far below dt (exp argument beyond −708: Math.exp in both kernels)', () => {
    const trace = (kernel: Kernel) => {
      const sim = buildNetwork({
        timestepMs: 0.1,
        populations: [
          { label: 'S', size: 1, cellType: 'SpikeSourceArray', spikeTimes: [[2, 5, 9]] },
          { label: 'N', size: 3, cellType: 'IF_cond_exp', params: { cm: 1e-4, tau_m: 1e-4, v_thresh: -40, tau_syn_E: 2 } },
        ],
        projections: [{ label: 'sn', pre: 'S', post: 'N', connector: { type: 'AllToAll' }, synapse: { type: 'StaticSynapse', weight: 0.5, delay: 1 }, receptor: 'excitatory' }],
        recorders: [{ kind: 'population', population: 'N', variables: ['v', 'spikes'] }],
      }, { seed: 1, kernel });
      sim.run(20);
      return sim.getTrace('N.v').data;
    };
    const a = trace('js');
    const b = trace('wasm');
    expect(a.some((x) => x > -60)).toBe(true); // the conductance pulls V up within one step
    expect(firstDiff(a, b)).toBe(-1);
  });

  for (const [model, bad] of [['IF_curr_exp', 4], ['IF_curr_exp', 6], ['IF_cond_exp', 5]] as const) {
    it(`${model}: a runaway of neuron ${bad} of 7 stops the run with the JS kernel's error`, () => {
      const runaway = (kernel: Kernel): SimulationError => {
        const sim = buildNetwork({
          timestepMs: 0.1,
          populations: [{ label: 'N', size: 7, cellType: model, params: { v_thresh: 1e12, v_reset: -65 } }],
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

  it('falls back to the JS kernels when no WebAssembly memory can be allocated (same results)', () => {
    const run = () => {
      const sim = buildNetwork(cubaNetwork(200), { seed: 2 });
      sim.run(100);
      return { ids: sim.getSpikes('E').ids, wasm: (sim.population('E') as LifCurrPopulation).wasmKernel };
    };
    const a = run();
    const spy = vi.spyOn(WebAssembly, 'Memory').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory(): could not allocate memory');
    });
    try {
      const b = run();
      expect(a.wasm).toBe(true);
      expect(b.wasm).toBe(false);
      expect(a.ids.length).toBeGreaterThan(10);
      expect(firstDiff(a.ids, b.ids)).toBe(-1);
    } finally {
      spy.mockRestore();
    }
  });
});
