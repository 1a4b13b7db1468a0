/**
 * The mean-field brain as a bus engine. One `advance` runs `stepsPerExchange` integration steps, so
 * the engine's dt is the exchange period with the rest of the loop (e.g. 1 ms) while the model
 * integrates at `dtMs` (e.g. 0.1 ms).
 *
 * Inputs:  `drive` [n] added to each node's long-range input c_0 (model units, e.g. 1/ms for
 *          Jansen–Rit), held over the step; `proxy` [nProxy] when `proxyNodes` is set: the coupling
 *          output (pre-transformed value, e.g. firing rate in 1/ms for SigmoidalJansenRit) of the
 *          regions replaced by spiking populations.
 * Outputs: `state` [nvar, n], `rate` [n] (Hz; activity in a.u. for WC and G2D), `coupling` [n] (long-range input c_0 without the
 *          drive), and `bold` [n] (latest BOLD sample) when BOLD is enabled.
 * Coupling metadata: kind 'rate' with minDelayNs = the shortest realised inter-region delay (on
 * edges touching a proxy node, if any), for the bus's exchange-period rule.
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, EngineCoupling, ResetOptions } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import type { Connectivity } from './connectivity.js';
import { makeCoupling, type CouplingDesc } from './coupling.js';
import type { IntegratorDesc } from './integrators.js';
import { makeModel, midpointState, type MeanFieldModelDesc } from './models/model-desc.js';
import { BoldMonitor, type BoldMonitorOptions } from './monitors/bold-monitor.js';
import { MeanFieldSimulator } from './simulator.js';
import { makeStimulus, type StimulusDesc } from './stimulus.js';

/** Descriptor of a mean-field engine. */
export interface MeanFieldEngineDesc {
  readonly name?: string;
  readonly model: MeanFieldModelDesc;
  readonly connectivity: Connectivity;
  readonly coupling: CouplingDesc;
  /** Default Heun deterministic. */
  readonly integrator?: IntegratorDesc;
  /** Integration step (ms), default 0.1; must be a whole number of ns. */
  readonly dtMs?: number;
  /** Integration steps per engine step (exchange period = stepsPerExchange · dtMs), default 1. */
  readonly stepsPerExchange?: number;
  /** Default 3.0 mm/ms (TVB). */
  readonly conductionSpeedMmPerMs?: number;
  /** 'zero' (default), 'midpoint' of the state ranges, or an explicit nvar × n state. */
  readonly initialState?: 'zero' | 'midpoint' | Float64Array;
  readonly proxyNodes?: readonly number[];
  /** Enables the `bold` output (Volterra-kernel BOLD monitor on the model observable). */
  readonly bold?: boolean | BoldMonitorOptions;
  readonly stimulus?: StimulusDesc;
}

/** A TVB-style whole-brain network on the bus. */
export class MeanFieldEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly coupling: EngineCoupling;
  /** The kernel (exposed for monitors and analysis). */
  readonly sim: MeanFieldSimulator;
  private readonly k: number;
  private readonly bold: BoldMonitor | undefined;
  private readonly obs: Float64Array;
  private now = 0;
  private initSeed = 0;
  private disposed = false;

  constructor(desc: MeanFieldEngineDesc) {
    this.name = desc.name ?? 'meanfield';
    const dtMs = desc.dtMs ?? 0.1;
    const dtNs = dtMs * 1e6;
    if (!(dtMs > 0) || Math.abs(dtNs - Math.round(dtNs)) > 1e-6) {
      throw new ValidationError(`${this.name}.dtMs`, dtMs, 'a positive step that is a whole number of nanoseconds', 'use e.g. 0.1 ms (TVB default 0.01220703125 ms is not whole ns; use 0.0125)');
    }
    const k = desc.stepsPerExchange ?? 1;
    if (!Number.isInteger(k) || k < 1) throw new ValidationError(`${this.name}.stepsPerExchange`, k, 'an integer ≥ 1', 'use e.g. 10 for a 1 ms exchange at dt 0.1 ms');
    this.k = k;
    this.dt = Math.round(dtNs) * k;
    const model = makeModel(desc.model);
    const n = desc.connectivity.nRegions;
    const init = desc.initialState === 'midpoint' ? midpointState(model, n) : desc.initialState === 'zero' || desc.initialState === undefined ? undefined : desc.initialState;
    this.sim = new MeanFieldSimulator({
      model, connectivity: desc.connectivity, coupling: makeCoupling(desc.coupling), dtMs,
      integrator: desc.integrator ?? { kind: 'Heun' }, name: this.name,
      ...(desc.conductionSpeedMmPerMs !== undefined ? { conductionSpeedMmPerMs: desc.conductionSpeedMmPerMs } : {}),
      ...(init !== undefined ? { initialState: init } : {}),
      ...(desc.proxyNodes !== undefined ? { proxyNodes: desc.proxyNodes } : {}),
      ...(desc.stimulus !== undefined ? { stimulus: makeStimulus(desc.stimulus, model.stateNames.length, n) } : {}),
    });
    const nvar = this.sim.nvar;
    this.bold = desc.bold === undefined || desc.bold === false ? undefined : new BoldMonitor(dtMs, n, desc.bold === true ? {} : desc.bold);
    this.obs = new Float64Array(n);
    const inputs: PortSpec['inputs'] = {
      drive: { kind: 'analog', shape: [n], description: 'added to the long-range input c_0 of each node (model units)' },
      ...(this.sim.proxyNodes.length > 0
        ? { proxy: { kind: 'analog', shape: [this.sim.proxyNodes.length], description: 'coupling output of the proxy regions (coupling pre units)' } as const }
        : {}),
    };
    this.ports = {
      inputs,
      outputs: {
        state: { kind: 'analog', shape: [nvar, n], description: `${model.name} state (${model.stateNames.join(', ')})` },
        rate: { kind: 'analog', shape: [n], unit: model.rateUnit ?? 'Hz', description: 'population firing rate (or activity, for WC/G2D) per region' },
        coupling: { kind: 'analog', shape: [n], description: 'long-range input c_0 per region (without drive)' },
        ...(this.bold !== undefined ? { bold: { kind: 'analog', shape: [n], description: 'latest BOLD sample per region' } as const } : {}),
      },
    };
    // Realised minimum delay (integer steps × dt) on inter-region edges (touching proxies if any).
    const W = desc.connectivity.weights;
    const only = this.sim.proxyNodes.length > 0 ? new Set(this.sim.proxyNodes) : undefined;
    let minSteps = Infinity;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j || (W[i * n + j] as number) === 0) continue;
        if (only !== undefined && !only.has(i) && !only.has(j)) continue;
        minSteps = Math.min(minSteps, this.sim.idelays[i * n + j] as number);
      }
    }
    this.coupling = Number.isFinite(minSteps) ? { kind: 'rate', minDelayNs: minSteps * Math.round(dtNs) } : { kind: 'rate' };
  }

  init(ctx: EngineContext): Outputs {
    this.initSeed = ctx.seed;
    this.now = ctx.startNs;
    this.sim.reset(ctx.seed);
    this.bold?.reset();
    return this.outputs();
  }

  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const drive = inputs['drive'] as Float64Array | undefined;
    this.sim.drive.set(drive ?? this.sim.drive.fill(0));
    const proxy = inputs['proxy'] as Float64Array | undefined;
    if (proxy !== undefined) this.sim.proxyValues.set(proxy);
    for (let s = 0; s < this.k; s++) {
      this.sim.step();
      if (this.bold !== undefined) {
        this.sim.observe(this.obs);
        this.bold.sample(this.sim.stepIndex, this.obs);
      }
    }
    this.now = to;
    return this.outputs();
  }

  reset(opts?: ResetOptions): Outputs {
    this.sim.reset(opts?.seed ?? this.initSeed);
    this.bold?.reset();
    this.now = 0;
    return this.outputs();
  }

  dispose(): void {
    this.disposed = true;
  }

  /** True after dispose(). */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Fresh arrays each exchange (the bus and recorders may keep them): views on one new buffer,
   * since allocating a typed array's backing store costs more than filling it.
   */
  private outputs(): Outputs {
    const n = this.sim.n;
    const x = this.sim.x;
    const nx = x.length;
    const buf = new Float64Array(nx + 2 * n);
    buf.set(x);
    const rate = buf.subarray(nx, nx + n);
    this.sim.rateHz(rate);
    const coupling = buf.subarray(nx + n);
    const c = this.sim.c;
    const drive = this.sim.drive;
    for (let i = 0; i < n; i++) coupling[i] = (c[i] as number) - (drive[i] as number);
    const out: Record<string, Float64Array> = { state: buf.subarray(0, nx), rate, coupling };
    if (this.bold !== undefined) out['bold'] = this.bold.last.slice();
    return out;
  }
}
