/**
 * Stand-in differential-drive rover in a walled square arena with a light target: the analytic
 * option of `braitenberg` (`--set rover=stand-in`; the default is the Rapier rover of bodies/,
 * rapier-rover.ts, behind the same ports). Husky-like geometry (wheel radius 0.165 m, track 0.555 m).
 *
 * Kinematics are exact for wheel speeds held over a step (unicycle arc); walls are hard: a move
 * into a wall is stopped at the wall (sliding along it) and counted as a contact — a collision is
 * the start of a contact. The arena (light and start pose) is drawn from the engine's seed, so
 * every trial seed is a different, reproducible arena.
 *
 * Sensors (outputs, all at the state reached at `to`):
 *  - `light` [2] (0..1): left/right photo-sensors pointing ±sensorAngle off the heading, intensity
 *    exp(−d/lightDecayM)·(1 + cos(angle to light − sensor axis))/2 (cardioid, so a light behind
 *    still gives a left/right difference);
 *  - `proximity` [2] (0..1): left/right rays at ±rayAngle, 1 − (distance to wall)/rayRangeM, ≥ 0;
 *  - `pose` [3]: x (m), y (m), heading (rad);
 *  - `status` [3]: distance to the light (m), in contact now (0/1), collisions so far.
 * Input `wheels` [2] (rad/s): left and right wheel angular speeds, |ω| ≤ maxWheelRadPerS (beyond
 * that is a ValidationError: clip in the transceiver, which reports it).
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { SimulationError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import { Rng } from '../../core/random.js';

/** Geometry and sensor options. */
export interface StandInRoverOptions {
  readonly name?: string;
  readonly dtNs?: number;
  readonly arenaHalfM?: number;
  readonly wheelRadiusM?: number;
  readonly trackM?: number;
  readonly bodyRadiusM?: number;
  readonly maxWheelRadPerS?: number;
  readonly sensorAngleRad?: number;
  readonly lightDecayM?: number;
  readonly rayAngleRad?: number;
  readonly rayRangeM?: number;
  /** Minimum start distance from the light (m). */
  readonly minStartDistanceM?: number;
}

/** One arena: light position and start pose. */
export interface Arena {
  readonly lightX: number;
  readonly lightY: number;
  readonly x0: number;
  readonly y0: number;
  readonly heading0: number;
}

/** Ports of a Braitenberg rover engine (the stand-in and the Rapier adapter share them). */
export const ROVER_PORTS: PortSpec = {
  inputs: { wheels: { kind: 'analog', shape: [2], unit: 'rad/s', description: 'left, right wheel angular speed' } },
  outputs: {
    light: { kind: 'analog', shape: [2], description: 'left, right light sensor (0..1)' },
    proximity: { kind: 'analog', shape: [2], description: 'left, right wall proximity (0..1)' },
    pose: { kind: 'analog', shape: [3], unit: 'm, m, rad', description: 'x, y, heading' },
    status: { kind: 'analog', shape: [3], description: 'distance to light (m), in contact (0/1), collisions so far' },
  },
};

/** The stand-in rover engine (see file comment). */
export class StandInRoverEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly o: Required<Omit<StandInRoverOptions, 'name' | 'dtNs'>>;
  /** The current arena. */
  arena: Arena = { lightX: 0, lightY: 0, x0: 0, y0: 0, heading0: 0 };
  private x = 0;
  private y = 0;
  private th = 0;
  private contact = false;
  private collisions = 0;
  private now = 0;
  private seed = 0;
  private disposed = false;

  constructor(opts: StandInRoverOptions = {}) {
    this.name = opts.name ?? 'rover';
    this.dt = opts.dtNs ?? 10_000_000;
    if (!Number.isSafeInteger(this.dt) || this.dt <= 0) throw new ValidationError(`${this.name}.dtNs`, opts.dtNs, 'a positive integer (ns)', 'e.g. 10_000_000 for 10 ms');
    this.o = {
      arenaHalfM: opts.arenaHalfM ?? 3, wheelRadiusM: opts.wheelRadiusM ?? 0.165, trackM: opts.trackM ?? 0.555,
      bodyRadiusM: opts.bodyRadiusM ?? 0.4, maxWheelRadPerS: opts.maxWheelRadPerS ?? 12, sensorAngleRad: opts.sensorAngleRad ?? Math.PI / 4,
      lightDecayM: opts.lightDecayM ?? 8, rayAngleRad: opts.rayAngleRad ?? Math.PI / 6, rayRangeM: opts.rayRangeM ?? 1.2,
      minStartDistanceM: opts.minStartDistanceM ?? 3,
    };
    for (const [k, v] of Object.entries(this.o)) {
      if (!(Number.isFinite(v) && v > 0)) throw new ValidationError(`${this.name}.${k}`, v, 'a finite number > 0', `give ${k} a positive value`);
    }
    if (this.o.minStartDistanceM > 2 * (this.o.arenaHalfM - 2 * this.o.bodyRadiusM)) {
      throw new ValidationError(`${this.name}.minStartDistanceM`, this.o.minStartDistanceM, `≤ ${2 * (this.o.arenaHalfM - 2 * this.o.bodyRadiusM)} m for this arena`, 'enlarge the arena or lower the distance');
    }
    this.ports = ROVER_PORTS;
  }

  init(ctx: EngineContext): Outputs {
    this.seed = ctx.seed;
    this.now = ctx.startNs;
    return this.start(ctx.seed);
  }

  reset(opts?: ResetOptions): Outputs {
    this.now = 0;
    return this.start(opts?.seed ?? this.seed);
  }

  advance(to: number, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const w = inputs['wheels'] as Float64Array | undefined;
    const wl = w === undefined ? 0 : (w[0] as number);
    const wr = w === undefined ? 0 : (w[1] as number);
    for (const [i, v] of [wl, wr].entries()) {
      if (Math.abs(v) > this.o.maxWheelRadPerS) {
        throw new ValidationError(`${this.name}.inputs.wheels[${i}]`, v, `|ω| ≤ ${this.o.maxWheelRadPerS} rad/s (motor limit)`, 'clip wheel commands in the transceiver (clipInto + reportClip)');
      }
    }
    const v = (this.o.wheelRadiusM * (wl + wr)) / 2;
    const om = (this.o.wheelRadiusM * (wr - wl)) / this.o.trackM;
    // 1 ms substeps so a wall contact is resolved close to where it happens.
    const sub = Math.max(1, Math.round(this.dt / 1_000_000));
    const h = this.dt * 1e-9 / sub;
    let touching = false;
    for (let s = 0; s < sub; s++) {
      let nx: number;
      let ny: number;
      const nth = this.th + om * h;
      if (Math.abs(om) < 1e-12) {
        nx = this.x + v * h * Math.cos(this.th);
        ny = this.y + v * h * Math.sin(this.th);
      } else {
        nx = this.x + (v / om) * (Math.sin(nth) - Math.sin(this.th));
        ny = this.y - (v / om) * (Math.cos(nth) - Math.cos(this.th));
      }
      const lim = this.o.arenaHalfM - this.o.bodyRadiusM;
      if (nx > lim || nx < -lim || ny > lim || ny < -lim) touching = true;
      this.x = Math.max(-lim, Math.min(lim, nx));
      this.y = Math.max(-lim, Math.min(lim, ny));
      this.th = Math.atan2(Math.sin(nth), Math.cos(nth));
    }
    if (touching && !this.contact) this.collisions++;
    this.contact = touching;
    if (!Number.isFinite(this.x + this.y + this.th)) throw new SimulationError(this.name, to, 'pose', undefined, 'is not finite');
    this.now = to;
    return this.outputs();
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Is the engine disposed (for tests). */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private start(seed: number): Outputs {
    const rng = new Rng(seed);
    const inner = this.o.arenaHalfM - 2 * this.o.bodyRadiusM;
    let a: Arena;
    for (;;) {
      a = { lightX: rng.uniform(-inner, inner), lightY: rng.uniform(-inner, inner), x0: rng.uniform(-inner, inner), y0: rng.uniform(-inner, inner), heading0: rng.uniform(-Math.PI, Math.PI) };
      if (Math.hypot(a.lightX - a.x0, a.lightY - a.y0) >= this.o.minStartDistanceM) break;
    }
    this.arena = a;
    this.x = a.x0;
    this.y = a.y0;
    this.th = a.heading0;
    this.contact = false;
    this.collisions = 0;
    return this.outputs();
  }

  private outputs(): Outputs {
    const dx = this.arena.lightX - this.x;
    const dy = this.arena.lightY - this.y;
    const d = Math.hypot(dx, dy);
    const bearing = Math.atan2(dy, dx) - this.th;
    const inten = Math.exp(-d / this.o.lightDecayM);
    const light = new Float64Array(2);
    light[0] = (inten * (1 + Math.cos(bearing - this.o.sensorAngleRad))) / 2;
    light[1] = (inten * (1 + Math.cos(bearing + this.o.sensorAngleRad))) / 2;
    const prox = new Float64Array(2);
    prox[0] = Math.max(0, 1 - this.rayToWall(this.th + this.o.rayAngleRad) / this.o.rayRangeM);
    prox[1] = Math.max(0, 1 - this.rayToWall(this.th - this.o.rayAngleRad) / this.o.rayRangeM);
    return { light, proximity: prox, pose: Float64Array.of(this.x, this.y, this.th), status: Float64Array.of(d, this.contact ? 1 : 0, this.collisions) };
  }

  /** Distance from the body's edge along direction `a` to the first wall. */
  private rayToWall(a: number): number {
    const L = this.o.arenaHalfM;
    const c = Math.cos(a);
    const s = Math.sin(a);
    let t = Infinity;
    if (c > 1e-12) t = Math.min(t, (L - this.x) / c);
    if (c < -1e-12) t = Math.min(t, (-L - this.x) / c);
    if (s > 1e-12) t = Math.min(t, (L - this.y) / s);
    if (s < -1e-12) t = Math.min(t, (-L - this.y) / s);
    return Math.max(0, t - this.o.bodyRadiusM);
  }
}
