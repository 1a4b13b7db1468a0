/**
 * A small deterministic engine for tests and the conformance suite: a leaky integrator per channel
 * driven by its `drive` input, plus a noisy channel to check seeding, spikes when the integrator
 * crosses a threshold, and an event per crossing.
 */
import { checkInputs, checkStep } from '../check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../engine.js';
import { type Inputs, type Outputs, type PortSpec, NO_SPIKES } from '../ports.js';
import { Rng, deriveSeed } from '../random.js';
import { type TimeNs, assertPositiveNs } from '../time.js';

/** Options of the mock engine. */
export interface MockEngineOptions {
  readonly name: string;
  readonly dtNs: TimeNs;
  readonly channels?: number;
  /** Integrator time constant in ms. */
  readonly tauMs?: number;
}

/** Leaky-integrator mock engine (see file comment). */
export class MockEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  /** Every `to` this engine was advanced to, for scheduling tests. */
  readonly advancedTo: TimeNs[] = [];
  private readonly n: number;
  private readonly tauMs: number;
  private x: Float64Array;
  private now: TimeNs = 0;
  private rng = new Rng(0);
  private seed = 0;
  private disposed = false;

  constructor(opts: MockEngineOptions) {
    assertPositiveNs(`${opts.name}.dtNs`, opts.dtNs);
    this.name = opts.name;
    this.dt = opts.dtNs;
    this.n = opts.channels ?? 1;
    this.tauMs = opts.tauMs ?? 10;
    this.x = new Float64Array(this.n);
    this.ports = {
      inputs: { drive: { kind: 'analog', shape: [this.n], unit: '1' } },
      outputs: {
        x: { kind: 'analog', shape: [this.n], unit: '1' },
        noise: { kind: 'analog', shape: [1], unit: '1' },
        spikes: { kind: 'spikes', size: this.n },
        events: { kind: 'events' },
      },
    };
  }

  init(ctx: EngineContext): Outputs {
    this.seed = deriveSeed(ctx.seed, 'mock');
    return this.resetState(this.seed);
  }

  advance(to: TimeNs, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    this.advancedTo.push(to);
    const drive = inputs.drive as Float64Array | undefined;
    const a = Math.exp(-(this.dt / 1e6) / this.tauMs);
    const ids: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const before = this.x[i] as number;
      const d = drive === undefined ? 0 : (drive[i] as number);
      const after = d + (before - d) * a; // exact solution of dx/dt = (d - x)/tau over one step
      this.x[i] = after;
      if (before < 0.5 && after >= 0.5) ids.push(i);
    }
    this.now = to;
    const spikes = ids.length === 0 ? NO_SPIKES : { ids: Int32Array.from(ids), timesNs: new Float64Array(ids.length).fill(to), count: ids.length };
    return {
      x: Float64Array.from(this.x),
      noise: Float64Array.of(this.rng.normal()),
      spikes,
      events: ids.map((i) => ({ type: 'crossing', channel: i })),
    };
  }

  reset(opts?: ResetOptions): Outputs {
    return this.resetState(opts?.seed === undefined ? this.seed : deriveSeed(opts.seed, "mock"));
  }

  dispose(): void {
    this.disposed = true;
  }

  /** True once dispose() ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  snapshot(): unknown {
    return { x: Float64Array.from(this.x), now: this.now, rng: this.rng.getState() };
  }

  restore(s: unknown): Outputs {
    const snap = s as { x: Float64Array; now: number; rng: number[] };
    this.x = Float64Array.from(snap.x);
    this.now = snap.now;
    this.rng.setState(snap.rng);
    return this.currentOutputs();
  }

  private resetState(seed: number): Outputs {
    this.x = new Float64Array(this.n);
    this.now = 0;
    this.rng = new Rng(seed);
    this.advancedTo.length = 0;
    return this.currentOutputs();
  }

  private currentOutputs(): Outputs {
    return { x: Float64Array.from(this.x), noise: Float64Array.of(0), spikes: NO_SPIKES, events: [] };
  }
}
