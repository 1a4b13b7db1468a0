/**
 * Stand-in pendulum body for training: written before bodies/ shipped its Rapier pendulum, kept
 * because it can be placed at any start state through reset options (a Rapier world resets to its
 * built state) and is ~70× cheaper per env step (bench/onnx, same run), so CEM trains on it; the demo and the experiment
 * module run the trained policy on bodies/ `pendulumRobot` (pendulum-env.ts `rapierPendulum`).
 * Ports: `torque` in, `theta`/`omega` out. A point mass m on a
 * massless rod of length l with viscous joint damping b, θ = 0 hanging down:
 *   m l² θ̈ = −m g l sin θ − b θ̇ + u
 * integrated with classical RK4 (error O(dt⁴); at dt = 5 ms and a 2 s period the energy drift over
 * 10 s is < 1e-8 relative, see tests). The initial state comes from reset options
 * `{theta0Rad, omega0RadS}` (a randomised start is drawn by the env, not here).
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { SimulationError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import { type TimeNs, assertPositiveNs } from '../../core/time.js';

/** Physical parameters of the stand-in pendulum. */
export interface StandInPendulumDesc {
  readonly name: string;
  readonly dtNs: TimeNs;
  readonly massKg: number;
  readonly lengthM: number;
  readonly gravityMS2: number;
  readonly dampingNmsPerRad: number;
  readonly theta0Rad?: number;
  readonly omega0RadS?: number;
}

/** Reset options understood by the pendulum: the initial state of the next episode. */
export interface PendulumResetOptions extends ResetOptions {
  readonly theta0Rad?: number;
  readonly omega0RadS?: number;
}

/** The stand-in pendulum engine (see file comment). */
export class StandInPendulumEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec = {
    inputs: { torque: { kind: 'analog', shape: [1], unit: 'N·m' } },
    outputs: { theta: { kind: 'analog', shape: [1], unit: 'rad', description: '0 = hanging down, π = upright (unwrapped)' }, omega: { kind: 'analog', shape: [1], unit: 'rad/s' } },
  };
  private readonly d: StandInPendulumDesc;
  private theta = 0;
  private omega = 0;
  private torque = 0;
  private now: TimeNs = 0;

  constructor(desc: StandInPendulumDesc) {
    assertPositiveNs(`${desc.name}.dtNs`, desc.dtNs);
    for (const k of ['massKg', 'lengthM', 'gravityMS2'] as const) {
      if (!(desc[k] > 0)) throw new ValidationError(`${desc.name}.${k}`, desc[k], 'a positive number', `set ${k}`);
    }
    if (!(desc.dampingNmsPerRad >= 0)) throw new ValidationError(`${desc.name}.dampingNmsPerRad`, desc.dampingNmsPerRad, '≥ 0', 'set the damping');
    this.d = desc;
    this.name = desc.name;
    this.dt = desc.dtNs;
  }

  init(_ctx: EngineContext): Outputs {
    return this.start(this.d.theta0Rad ?? 0, this.d.omega0RadS ?? 0);
  }

  advance(to: TimeNs, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const u = inputs.torque as Float64Array | undefined;
    if (u !== undefined) this.torque = u[0] as number;
    const h = this.dt / 1e9;
    const { massKg: m, lengthM: l, gravityMS2: g, dampingNmsPerRad: b } = this.d;
    const inertia = m * l * l;
    const acc = (th: number, om: number): number => (-m * g * l * Math.sin(th) - b * om + this.torque) / inertia;
    const th = this.theta;
    const om = this.omega;
    const k1t = om;
    const k1o = acc(th, om);
    const k2t = om + 0.5 * h * k1o;
    const k2o = acc(th + 0.5 * h * k1t, k2t);
    const k3t = om + 0.5 * h * k2o;
    const k3o = acc(th + 0.5 * h * k2t, k3t);
    const k4t = om + h * k3o;
    const k4o = acc(th + h * k3t, k4t);
    this.theta = th + (h / 6) * (k1t + 2 * k2t + 2 * k3t + k4t);
    this.omega = om + (h / 6) * (k1o + 2 * k2o + 2 * k3o + k4o);
    if (!Number.isFinite(this.theta) || !Number.isFinite(this.omega)) throw new SimulationError(this.name, to, Number.isFinite(this.theta) ? 'omega' : 'theta', 0, 'is not finite');
    this.now = to;
    return this.outputs();
  }

  reset(opts?: PendulumResetOptions): Outputs {
    return this.start(opts?.theta0Rad ?? this.d.theta0Rad ?? 0, opts?.omega0RadS ?? this.d.omega0RadS ?? 0);
  }

  dispose(): void {}

  private start(theta: number, omega: number): Outputs {
    if (!Number.isFinite(theta)) throw new ValidationError(`${this.name}.theta0Rad`, theta, 'a finite angle', 'pass a number');
    if (!Number.isFinite(omega)) throw new ValidationError(`${this.name}.omega0RadS`, omega, 'a finite velocity', 'pass a number');
    this.theta = theta;
    this.omega = omega;
    this.torque = 0;
    this.now = 0;
    return this.outputs();
  }

  private outputs(): Outputs {
    return { theta: Float64Array.of(this.theta), omega: Float64Array.of(this.omega) };
  }
}
