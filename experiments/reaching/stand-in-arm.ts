/**
 * Stand-in one-joint arm (elbow flexion in the vertical plane) carrying an optional load at the
 * hand, used until bodies/ ships its arm. I·θ'' = τ − b·θ' − (m_f·l/2 + m_L·l)·g·cos θ, with
 * I = m_f·l²/3 + m_L·l² (uniform rod + point load), integrated with semi-implicit Euler at 0.1 ms
 * substeps. Inputs: `torque` [1] (N·m), `loadKg` [1] (kg at the hand). Output `state` [2]: θ (rad,
 * 0 = horizontal, + = up), ω (rad/s).
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext } from '../../core/engine.js';
import { SimulationError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';

/** Arm parameters (SI). */
export interface StandInArmOptions {
  readonly name?: string;
  readonly dtNs?: number;
  readonly forearmKg?: number;
  readonly lengthM?: number;
  readonly dampingNmsPerRad?: number;
  readonly theta0Rad?: number;
}

/** Gravity constant (m/s²). */
export const G = 9.81;

/** The stand-in arm engine. */
export class StandInArmEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly mF: number;
  readonly l: number;
  readonly b: number;
  readonly theta0: number;
  private th = 0;
  private om = 0;
  private now = 0;

  constructor(o: StandInArmOptions = {}) {
    this.name = o.name ?? 'arm';
    this.dt = o.dtNs ?? 2_000_000;
    this.mF = o.forearmKg ?? 1.5;
    this.l = o.lengthM ?? 0.35;
    this.b = o.dampingNmsPerRad ?? 0.2;
    this.theta0 = o.theta0Rad ?? -0.5;
    if (!Number.isSafeInteger(this.dt) || this.dt <= 0 || this.dt % 100_000 !== 0) throw new ValidationError(`${this.name}.dtNs`, this.dt, 'a positive multiple of 0.1 ms', 'e.g. 2_000_000');
    for (const [k, v] of [['forearmKg', this.mF], ['lengthM', this.l]] as const) {
      if (!(v > 0 && Number.isFinite(v))) throw new ValidationError(`${this.name}.${k}`, v, 'a finite number > 0', `give ${k} a positive value`);
    }
    this.ports = {
      inputs: { torque: { kind: 'analog', shape: [1], unit: 'N·m' }, loadKg: { kind: 'analog', shape: [1], unit: 'kg' } },
      outputs: { state: { kind: 'analog', shape: [2], unit: 'rad, rad/s', description: 'elbow angle and velocity' } },
    };
  }

  /** Inertia (kg·m²) with load `mL`. */
  inertia(mL: number): number {
    return (this.mF * this.l * this.l) / 3 + mL * this.l * this.l;
  }
  /** Gravity torque magnitude coefficient (N·m) with load `mL`: τ_g = coef·cos θ. */
  gravityCoef(mL: number): number {
    return (this.mF * this.l / 2 + mL * this.l) * G;
  }

  init(ctx: EngineContext): Outputs {
    this.now = ctx.startNs;
    return this.start();
  }
  reset(): Outputs {
    this.now = 0;
    return this.start();
  }
  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const tau = (inputs['torque'] as Float64Array | undefined)?.[0] ?? 0;
    const mL = (inputs['loadKg'] as Float64Array | undefined)?.[0] ?? 0;
    if (mL < 0) throw new ValidationError(`${this.name}.inputs.loadKg[0]`, mL, '≥ 0 kg', 'give a non-negative load');
    const I = this.inertia(mL);
    const gc = this.gravityCoef(mL);
    const n = this.dt / 100_000;
    const h = 1e-4;
    for (let s = 0; s < n; s++) {
      const acc = (tau - this.b * this.om - gc * Math.cos(this.th)) / I;
      this.om += h * acc;
      this.th += h * this.om;
    }
    if (!Number.isFinite(this.th + this.om)) throw new SimulationError(this.name, to, 'theta', 0, 'is not finite');
    this.now = to;
    return { state: Float64Array.of(this.th, this.om) };
  }
  dispose(): void {}

  private start(): Outputs {
    this.th = this.theta0;
    this.om = 0;
    return { state: Float64Array.of(this.th, this.om) };
  }
}
