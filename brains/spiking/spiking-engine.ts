/**
 * SpikingEngine: the in-process spiking simulator behind the core Engine contract.
 *
 * Ports (names are `<population>.<what>` / `<projection>.weights`):
 *  - inputs  `<pop>.spikes` (spikes) for every SpikeSourceExternal population: the listed neurons
 *    spike in the step containing their time; times before `now` (spikes produced during the
 *    previous sync interval) act in the first step of [now, to) — the one-step bus latency — and
 *    times ≥ `to` are rejected;
 *  - inputs  `<pop>.current` (analog [n], nA) for populations listed in `currentInputs`, held
 *    over [now, to); `<pop>.rates` (analog [n], Hz) for Poisson sources listed in `rateInputs`;
 *  - outputs `<pop>.spikes` (spikes stamped on the grid in [now, to)), `<pop>.rate` (Hz; [1] the
 *    population mean over the interval, or [n] per neuron), `<pop>.<variable>` (sampled at `to`),
 *    `<proj>.weights` (mean incoming weight per target neuron, [nPost]).
 * `reset({keep: ['weights']})` keeps learnt plastic weights; anything else returns to t = 0.
 * The engine's dt (sync interval) may be a multiple of the network timestep.
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, ValidationError } from '../../core/errors.js';
import { isSpikeBatch, type Inputs, NO_SPIKES, type Outputs, type PortDecl, type PortSpec, type PortValue, type SpikeBatch } from '../../core/ports.js';
import { CELL_TYPES, type CellTypeName } from '../models/cell-types.js';
import type { NetworkDesc, NetworkDescInput } from '../network/network-desc.js';
import { validateNetwork } from '../network/validate-network.js';
import type { PopulationState } from './neurons/population.js';
import { SpikingNetwork } from './spiking-network.js';

/** What the engine exposes. */
export interface SpikingEngineOptions {
  readonly name: string;
  readonly network: NetworkDesc | NetworkDescInput;
  /** Sync interval (ns), a multiple of the network timestep; default one timestep. */
  readonly dtNs?: number;
  /** Populations whose spikes are output ports. */
  readonly spikeOutputs?: readonly string[];
  /** Populations whose rates are output ports ('population' mean [1] or 'neuron' [n]). */
  readonly rateOutputs?: readonly { readonly population: string; readonly per?: 'population' | 'neuron' }[];
  /** Sampled state variables. */
  readonly analogOutputs?: readonly { readonly population: string; readonly variable: string }[];
  /** Projections whose mean incoming weight per target is an output port. */
  readonly weightOutputs?: readonly string[];
  /** Populations with a current input port. */
  readonly currentInputs?: readonly string[];
  /** Poisson source populations with a rate input port. */
  readonly rateInputs?: readonly string[];
}

class Batch {
  ids = new Int32Array(256);
  times = new Float64Array(256);
  count = 0;
  push(id: number, t: number): void {
    if (this.count === this.ids.length) {
      const a = new Int32Array(this.count * 2);
      a.set(this.ids);
      this.ids = a;
      const b = new Float64Array(this.count * 2);
      b.set(this.times);
      this.times = b;
    }
    this.ids[this.count] = id;
    this.times[this.count++] = t;
  }
  view(): SpikeBatch {
    return { ids: this.ids, timesNs: this.times, count: this.count };
  }
}

/** The spiking brain engine. */
export class SpikingEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly desc: NetworkDesc;
  private readonly stepNs: number;
  private readonly subSteps: number;
  private net: SpikingNetwork | undefined;
  private seed = 0;
  private now = 0;
  private disposed = false;
  private readonly opts: SpikingEngineOptions;
  private readonly batches = new Map<string, Batch>();
  private readonly rateBufs = new Map<string, { out: Float64Array; counts: Float64Array; per: 'population' | 'neuron' }>();
  private readonly analogBufs = new Map<string, Float64Array>();
  private readonly weightBufs = new Map<string, Float64Array>();

  constructor(opts: SpikingEngineOptions) {
    this.opts = opts;
    this.name = opts.name;
    this.desc = validateNetwork(opts.network);
    const stepNs = Math.round(this.desc.timestepMs * 1e6);
    if (Math.abs(stepNs - this.desc.timestepMs * 1e6) > 1e-6) throw new ValidationError(`${opts.name}.network.timestepMs`, this.desc.timestepMs, 'a whole number of ns', 'use e.g. 0.1 ms');
    this.stepNs = stepNs;
    this.dt = opts.dtNs ?? stepNs;
    if (!Number.isSafeInteger(this.dt) || this.dt <= 0 || this.dt % stepNs !== 0) {
      throw new ValidationError(`${opts.name}.dtNs`, opts.dtNs, `a positive multiple of the network timestep (${stepNs} ns)`, 'make the sync interval a whole number of steps');
    }
    this.subSteps = this.dt / stepNs;
    const pops = new Map(this.desc.populations.map((p) => [p.label, p]));
    const popOf = (field: string, label: string): { size: number; cellType: string } => {
      const p = pops.get(label);
      if (!p) throw new ValidationError(`${opts.name}.${field}`, label, `a population label: ${[...pops.keys()].join(', ')}`, 'name a population of the network');
      return p;
    };
    const inputs: Record<string, PortDecl> = {};
    const outputs: Record<string, PortDecl> = {};
    for (const p of this.desc.populations) {
      if (p.cellType === 'SpikeSourceExternal') inputs[`${p.label}.spikes`] = { kind: 'spikes', size: p.size, description: `spikes of external source ${p.label}` };
    }
    for (const l of opts.currentInputs ?? []) {
      const p = popOf('currentInputs', l);
      if (CELL_TYPES[p.cellType as CellTypeName].isSource || p.cellType === 'Parrot') throw new ValidationError(`${opts.name}.currentInputs`, l, 'a population with a membrane', 'inject current only into neuron models');
      inputs[`${l}.current`] = { kind: 'analog', shape: [p.size], unit: 'nA', description: `injected current into ${l}` };
    }
    for (const l of opts.rateInputs ?? []) {
      const p = popOf('rateInputs', l);
      if (p.cellType !== 'SpikeSourcePoisson') throw new ValidationError(`${opts.name}.rateInputs`, l, 'a SpikeSourcePoisson population', 'drive rates only of Poisson sources');
      inputs[`${l}.rates`] = { kind: 'analog', shape: [p.size], unit: 'Hz', description: `Poisson rates of ${l}` };
    }
    for (const l of opts.spikeOutputs ?? []) {
      const p = popOf('spikeOutputs', l);
      outputs[`${l}.spikes`] = { kind: 'spikes', size: p.size, description: `spikes of ${l}` };
      this.batches.set(l, new Batch());
    }
    for (const r of opts.rateOutputs ?? []) {
      const p = popOf('rateOutputs', r.population);
      const per = r.per ?? 'population';
      const n = per === 'neuron' ? p.size : 1;
      outputs[`${r.population}.rate`] = { kind: 'analog', shape: [n], unit: 'Hz', description: `firing rate of ${r.population} over the sync interval (${per})` };
      this.rateBufs.set(r.population, { out: new Float64Array(n), counts: new Float64Array(n), per });
    }
    for (const a of opts.analogOutputs ?? []) {
      const p = popOf('analogOutputs', a.population);
      const rec = CELL_TYPES[p.cellType as CellTypeName].recordables;
      if (!rec.includes(a.variable)) throw new ValidationError(`${opts.name}.analogOutputs`, `${a.population}.${a.variable}`, `a variable of ${p.cellType}: ${rec.join(', ') || '(none)'}`, 'pick a recordable variable');
      outputs[`${a.population}.${a.variable}`] = { kind: 'analog', shape: [p.size], description: `${a.variable} of ${a.population}` };
      this.analogBufs.set(`${a.population}.${a.variable}`, new Float64Array(p.size));
    }
    for (const l of opts.weightOutputs ?? []) {
      const pr = this.desc.projections.find((x) => x.label === l);
      if (!pr) throw new ValidationError(`${opts.name}.weightOutputs`, l, `a projection label: ${this.desc.projections.map((x) => x.label).join(', ')}`, 'name a projection');
      const n = (pops.get(pr.post) as { size: number }).size;
      outputs[`${l}.weights`] = { kind: 'analog', shape: [n], description: `mean incoming weight per ${pr.post} neuron of ${l}` };
      this.weightBufs.set(l, new Float64Array(n));
    }
    if (Object.keys(outputs).length === 0) throw new ValidationError(`${opts.name}.spikeOutputs`, [], 'at least one output port', 'list populations in spikeOutputs or rateOutputs');
    this.ports = { inputs, outputs };
  }

  /** The live simulator (after init), for reading weights and recordings. */
  get network(): SpikingNetwork {
    if (!this.net) throw new EngineError(this.name, this.now, 'not initialised: call init first');
    return this.net;
  }

  init(ctx: EngineContext): Outputs {
    this.seed = ctx.seed;
    this.net = new SpikingNetwork(this.desc, { seed: ctx.seed, name: this.name });
    this.now = ctx.startNs;
    return this.outputs(true);
  }

  advance(to: number, inputs: Inputs): Outputs {
    const net = this.network;
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const k0 = net.k;
    for (const [port, v] of Object.entries(inputs)) {
      const dot = port.lastIndexOf('.');
      const pop = port.slice(0, dot);
      const what = port.slice(dot + 1);
      if (what === 'spikes' && isSpikeBatch(v)) {
        for (let m = 0; m < v.count; m++) {
          const t = v.timesNs[m] as number;
          if (!(t < to)) throw new ValidationError(`${this.name}.inputs.${port}.timesNs[${m}]`, t, `a time < to = ${to} ns (spikes act in [now, to))`, 'send spikes no later than the current interval');
          const k = t < this.now ? k0 : k0 + Math.floor((t - this.now) / this.stepNs);
          net.injectSpikes(pop, [v.ids[m] as number], 1, k);
        }
      } else if (what === 'current') net.setCurrents(pop, v as Float64Array);
      else if (what === 'rates') net.setRates(pop, v as Float64Array);
    }
    for (const b of this.batches.values()) b.count = 0;
    for (const r of this.rateBufs.values()) r.counts.fill(0);
    for (let s = 0; s < this.subSteps; s++) {
      const k = net.k;
      net.step();
      const tNs = this.now + s * this.stepNs;
      for (const [label, b] of this.batches) {
        const p = net.population(label);
        for (let m = 0; m < p.nSpikes; m++) b.push(p.spikes[m] as number, tNs);
      }
      for (const [label, r] of this.rateBufs) {
        const p = net.population(label);
        if (r.per === 'population') r.counts[0] = (r.counts[0] as number) + p.nSpikes;
        else for (let m = 0; m < p.nSpikes; m++) r.counts[p.spikes[m] as number] = (r.counts[p.spikes[m] as number] as number) + 1;
      }
      void k;
    }
    this.now = to;
    return this.outputs(false);
  }

  reset(opts: ResetOptions = {}): Outputs {
    const net = this.network;
    for (const k of opts.keep ?? []) {
      if (k !== 'weights') throw new ValidationError(`${this.name}.reset.keep`, k, "'weights'", 'only learnt weights can be kept across a reset');
    }
    if (opts.seed !== undefined) this.seed = opts.seed;
    net.reset({ keepWeights: (opts.keep ?? []).includes('weights'), seed: this.seed });
    this.now = 0;
    return this.outputs(true);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net = undefined;
  }

  private outputs(initial: boolean): Outputs {
    const net = this.network;
    const out: Record<string, PortValue> = {};
    for (const [label, b] of this.batches) out[`${label}.spikes`] = initial ? NO_SPIKES : b.view();
    const intervalS = this.dt / 1e9;
    for (const [label, r] of this.rateBufs) {
      const p: PopulationState = net.population(label);
      if (initial) r.out.fill(0);
      else if (r.per === 'population') r.out[0] = (r.counts[0] as number) / (p.n * intervalS);
      else for (let i = 0; i < p.n; i++) r.out[i] = (r.counts[i] as number) / intervalS;
      out[`${label}.rate`] = r.out;
    }
    for (const [key, buf] of this.analogBufs) {
      const dot = key.lastIndexOf('.');
      const arr = net.population(key.slice(0, dot)).variable(key.slice(dot + 1));
      if (arr) buf.set(arr);
      out[key] = buf;
    }
    for (const [label, buf] of this.weightBufs) out[`${label}.weights`] = net.meanWeightPerTarget(label, buf);
    return out;
  }
}
