/**
 * A spiking stand-in for one Jansen–Rit region, for multiscale co-simulation: N stochastic neurons
 * (inhomogeneous Poisson / escape-noise) whose shared membrane drive follows the region's
 * Jansen–Rit PSP kinetics, each firing at the model's transfer function S(y1 − y2). Its population
 * rate therefore has the same transfer function as the mean-field node it replaces, while the
 * region talks to the rest of the brain only through spikes:
 *  - input `spikesIn` (N_in source neurons, e.g. from rateToSpikesTransceiver) is turned back into
 *    the long-range input c_0 = count / (N_in · dt) per integration sub-step;
 *  - output `spikes` are the N neurons' spikes over the step, drawn per sub-step as
 *    Poisson(N · S · dt) events on uniformly chosen neurons at uniform times (exact superposition of
 *    N independent Poisson neurons).
 * The engine steps at the exchange period and sub-steps internally (Heun, dtMs), so each output
 * holds a whole exchange window of spikes.
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, EngineCoupling, ResetOptions } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec, SpikeBatch } from '../../core/ports.js';
import { Rng } from '../../core/random.js';
import { makeIntegrator, type Integrator } from './integrators.js';
import { jansenRit, type JansenRitParams } from './models/jansen-rit.js';
import type { MeanFieldModel } from './models/model.js';

/** Descriptor of the spiking Jansen–Rit region. */
export interface JansenRitSpikingRegionDesc {
  readonly name?: string;
  /** Output population size N. */
  readonly nNeurons: number;
  /** Number of input (source) neurons N_in on `spikesIn`. */
  readonly nInputNeurons: number;
  readonly params?: Partial<JansenRitParams>;
  /** Integration sub-step (ms), default 0.1. */
  readonly dtMs?: number;
  /** Sub-steps per engine step (the exchange period), default 10. */
  readonly stepsPerExchange?: number;
}

/** One Jansen–Rit region realised as a population of N Poisson neurons. */
export class JansenRitSpikingRegionEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly coupling: EngineCoupling = { kind: 'spiking' };
  private readonly model: MeanFieldModel;
  private readonly integ: Integrator;
  private readonly x = new Float64Array(6);
  private readonly c = new Float64Array(1);
  private readonly rate = new Float64Array(1);
  private readonly subNs: number;
  private readonly k: number;
  private readonly dtMs: number;
  private readonly counts: Int32Array;
  private ids: Int32Array;
  private times: Float64Array;
  private count = 0;
  private rng = new Rng(0);
  private seed = 0;
  private now = 0;
  private readonly f: (x: Float64Array, dx: Float64Array) => void;

  constructor(private readonly desc: JansenRitSpikingRegionDesc) {
    this.name = desc.name ?? 'region';
    for (const key of ['nNeurons', 'nInputNeurons'] as const) {
      const v = desc[key];
      if (!Number.isInteger(v) || v < 1) throw new ValidationError(`${this.name}.${key}`, v, 'an integer ≥ 1', 'give the population size');
    }
    this.dtMs = desc.dtMs ?? 0.1;
    this.subNs = Math.round(this.dtMs * 1e6);
    if (!(this.dtMs > 0) || Math.abs(this.subNs - this.dtMs * 1e6) > 1e-6) throw new ValidationError(`${this.name}.dtMs`, this.dtMs, 'a positive whole number of ns', 'use e.g. 0.1');
    this.k = desc.stepsPerExchange ?? 10;
    if (!Number.isInteger(this.k) || this.k < 1) throw new ValidationError(`${this.name}.stepsPerExchange`, this.k, 'an integer ≥ 1', 'use e.g. 10');
    this.dt = this.subNs * this.k;
    this.model = jansenRit(desc.params);
    this.integ = makeIntegrator({ kind: 'Heun' }, 6, 1, this.dtMs, undefined, undefined);
    this.counts = new Int32Array(this.k);
    this.ids = new Int32Array(1024);
    this.times = new Float64Array(1024);
    const m = this.model;
    const c = this.c;
    this.f = (xx, dx) => m.dfun(xx, c, 1, dx);
    this.ports = {
      inputs: { spikesIn: { kind: 'spikes', size: desc.nInputNeurons, description: 'spikes of the source neurons (long-range input)' } },
      outputs: {
        spikes: { kind: 'spikes', size: desc.nNeurons, description: 'spikes of the region population over the last step' },
        rate: { kind: 'analog', shape: [1], unit: 'Hz', description: 'instantaneous transfer-function rate S(y1 − y2)' },
        state: { kind: 'analog', shape: [6], description: 'Jansen–Rit PSP state y0..y5' },
      },
    };
  }

  init(ctx: EngineContext): Outputs {
    this.seed = ctx.seed;
    return this.restart(ctx.seed, ctx.startNs);
  }

  private restart(seed: number, startNs = 0): Outputs {
    this.rng = new Rng(seed);
    this.x.fill(0);
    this.count = 0;
    this.now = startNs;
    return this.outputs();
  }

  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const sIn = inputs['spikesIn'] as SpikeBatch | undefined;
    this.counts.fill(0);
    if (sIn !== undefined) {
      for (let q = 0; q < sIn.count; q++) {
        const b = Math.floor(((sIn.timesNs[q] as number) - this.now) / this.subNs);
        if (b < 0 || b >= this.k) {
          throw new ValidationError(`${this.name}.inputs.spikesIn.timesNs[${q}]`, sIn.timesNs[q], `a time in [${this.now}, ${to}) ns`, 'send the spikes of the coming exchange window');
        }
        this.counts[b] = (this.counts[b] as number) + 1;
      }
    }
    this.count = 0;
    const N = this.desc.nNeurons;
    for (let s = 0; s < this.k; s++) {
      const t0 = this.now + s * this.subNs;
      this.model.rateHz(this.x, 1, this.rate);
      const lambda = N * (this.rate[0] as number) * this.dtMs * 1e-3;
      const nSp = this.rng.poisson(lambda);
      for (let q = 0; q < nSp; q++) this.push(this.rng.int(N), t0 + Math.floor(this.rng.float53() * this.subNs));
      this.c[0] = (this.counts[s] as number) / (this.desc.nInputNeurons * this.dtMs);
      this.integ.step(this.x, this.f, undefined);
    }
    this.now = to;
    return this.outputs();
  }

  private push(id: number, t: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      const ts = new Float64Array(this.times.length * 2);
      ts.set(this.times);
      this.ids = ids;
      this.times = ts;
    }
    this.ids[this.count] = id;
    this.times[this.count] = t;
    this.count++;
  }

  reset(opts?: ResetOptions): Outputs {
    return this.restart(opts?.seed ?? this.seed);
  }

  dispose(): void {}

  private outputs(): Outputs {
    this.model.rateHz(this.x, 1, this.rate);
    return {
      spikes: { ids: this.ids.slice(0, this.count), timesNs: this.times.slice(0, this.count), count: this.count },
      rate: this.rate.slice(),
      state: this.x.slice(),
    };
  }
}
