/**
 * The Rapier rover (bodies/ `roverRobot`) in the Braitenberg arena (environments/
 * `braitenbergArena`, 8 × 8 m walls, an obstacle block, a 100 W lamp) behind the same ports as the
 * stand-in rover, so the brain and transceivers of `braitenberg` are unchanged:
 *  - input `wheels` [2] (rad/s) → the rover's velocity-driven wheels;
 *  - `light` [2] (0..1): left/right light sensors with axes ±45° off the heading and a cardioid
 *    response g(E)·(1 + cos(angle to the axis))/2 — the stand-in's sensor model — built from four
 *    photodiodes added to the rover (cosine response, occluded by walls; see PHOTODIODES), with the
 *    saturating brightness g(E) = E/(E + lightHalfWm2);
 *  - `proximity` [2] (0..1): 1 − (range-ray distance)/rayRangeM for the rays ±30° off the heading;
 *  - `pose` [3]: x, y, yaw (ground truth); `status` [3]: distance to the lamp (m, in the plane),
 *    chassis in contact with a wall or the obstacle (0/1; footprint corner within 2 cm of it),
 *    collisions so far (contact onsets).
 * Each reset draws a new arena from the reset seed (lamp position and start pose, like the
 * stand-in) and rebuilds the Rapier world for it; the same seed gives the same arena.
 */
import { BodyEngine } from '../../bodies/body-engine.js';
import { checkInputs } from '../../core/check-inputs.js';
import { roverRobot } from '../../bodies/robots/rover.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import { Rng } from '../../core/random.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { braitenbergArena } from '../../environments/worlds/braitenberg-arena.js';
import { type Arena, ROVER_PORTS } from './stand-in-rover.js';

/** Options of the Rapier rover adapter. */
export interface RapierRoverOptions {
  readonly name?: string;
  /** Engine step (ns), default 10 ms; physics runs `substeps` substeps per step. */
  readonly dtNs?: number;
  readonly substeps?: number;
  readonly maxWheelRadPerS?: number;
  readonly rayRangeM?: number;
  readonly lightHalfWm2?: number;
  /** Minimum start distance from the lamp (m). */
  readonly minStartDistanceM?: number;
  /** Include the arena's obstacle block (default true). */
  readonly obstacle?: boolean;
}

/** Half size of the arena's free floor (m) and the obstacle block (centre, half size), from braitenbergArena. */
export const ARENA_HALF_M = 4;
const OBSTACLE = { x: 1.5, y: -1.5, half: 0.3 };
/**
 * Photodiodes added to the rover: a back-to-back pair on each side axis (left axis +45°, right axis
 * −45° off the heading), above the chassis. With cosine-response diodes the difference of a
 * back-to-back pair is the signed projection E·cos(angle to the axis) for a lamp in any direction,
 * and the two orthogonal projections give the irradiance E = √(a² + b²). (The shipped ±30° pair is
 * blind to a lamp more than 120° off the heading, and the vehicle then drives away from it.)
 */
const DEG = Math.PI / 180;
const dir = (deg: number): [number, number, number] => [Math.cos(deg * DEG), Math.sin(deg * DEG), 0];
const PHOTODIODES = [
  { type: 'light' as const, name: 'eye_left_front', link: 'base_link', xyz: [0, 0.05, 0.4] as [number, number, number], direction: dir(45) },
  { type: 'light' as const, name: 'eye_left_back', link: 'base_link', xyz: [0, 0.05, 0.4] as [number, number, number], direction: dir(-135) },
  { type: 'light' as const, name: 'eye_right_front', link: 'base_link', xyz: [0, -0.05, 0.4] as [number, number, number], direction: dir(-45) },
  { type: 'light' as const, name: 'eye_right_back', link: 'base_link', xyz: [0, -0.05, 0.4] as [number, number, number], direction: dir(135) },
];

/** Half extents of the rover's footprint (chassis length, wheel-to-wheel width). */
const FOOT = { halfL: 0.495, halfW: 0.335 };

/** The Rapier rover behind the stand-in's ports (see file comment). */
export class RapierRoverEngine implements Engine {
  readonly name: string;
  readonly dt: number;
  readonly ports: PortSpec;
  readonly o: Required<Omit<RapierRoverOptions, 'name' | 'dtNs' | 'obstacle'>>;
  readonly obstacle: boolean;
  /** The current arena. */
  arena: Arena = { lightX: 0, lightY: 0, x0: 0, y0: 0, heading0: 0 };
  private body: BodyEngine | undefined;
  private ctx: EngineContext | undefined;
  private contact = false;
  private collisions = 0;
  private readonly cmdL = new Float64Array(1);
  private readonly cmdR = new Float64Array(1);

  constructor(opts: RapierRoverOptions = {}) {
    this.name = opts.name ?? 'rover';
    this.dt = opts.dtNs ?? 10_000_000;
    this.o = {
      substeps: opts.substeps ?? 10, maxWheelRadPerS: opts.maxWheelRadPerS ?? 12, rayRangeM: opts.rayRangeM ?? 1.2,
      lightHalfWm2: opts.lightHalfWm2 ?? 0.5, minStartDistanceM: opts.minStartDistanceM ?? 3,
    };
    this.obstacle = opts.obstacle ?? true;
    for (const [k, v] of Object.entries(this.o)) {
      if (!(Number.isFinite(v) && v > 0)) throw new ValidationError(`${this.name}.${k}`, v, 'a finite number > 0', `give ${k} a positive value`);
    }
    this.ports = ROVER_PORTS;
  }

  async init(ctx: EngineContext): Promise<Outputs> {
    this.ctx = ctx;
    return this.build(ctx.seed, ctx.startNs);
  }

  async reset(opts?: ResetOptions): Promise<Outputs> {
    return this.build(opts?.seed ?? this.ctx?.seed ?? 0, 0);
  }

  async advance(to: number, inputs: Inputs): Promise<Outputs> {
    checkInputs(this.name, this.ports, inputs);
    const w = inputs['wheels'] as Float64Array | undefined;
    const wl = w?.[0] ?? 0;
    const wr = w?.[1] ?? 0;
    for (const [i, v] of [wl, wr].entries()) {
      if (!(Math.abs(v) <= this.o.maxWheelRadPerS)) {
        throw new ValidationError(`${this.name}.inputs.wheels[${i}]`, v, `|ω| ≤ ${this.o.maxWheelRadPerS} rad/s (motor limit)`, 'clip wheel commands in the transceiver (clipInto + reportClip)');
      }
    }
    this.cmdL[0] = wl;
    this.cmdR[0] = wr;
    const out = await this.live().advance(to, { 'left_wheel.command': this.cmdL, 'right_wheel.command': this.cmdR });
    return this.outputs(out);
  }

  dispose(): void {
    this.body?.dispose();
    this.body = undefined;
  }

  private live(): BodyEngine {
    if (this.body === undefined) throw new ValidationError(`${this.name}`, 'not initialised', 'init() before advance()', 'let the bus initialise the engine');
    return this.body;
  }

  /** Draws the arena for `seed` and builds a fresh Rapier world for it. */
  private async build(seed: number, startNs: number): Promise<Outputs> {
    this.arena = drawArena(seed, this.o.minStartDistanceM);
    this.body?.dispose();
    const a = this.arena;
    const robot = roverRobot({ xyz: [a.x0, a.y0], yawRad: a.heading0 });
    this.body = new BodyEngine({
      name: this.name, dtNs: this.dt, substeps: this.o.substeps,
      robot: { ...robot, sensors: [...(robot.sensors ?? []), ...PHOTODIODES] },
      environment: new WorldEnvironment(braitenbergArena({ lightXyz: [a.lightX, a.lightY, 0.4], obstacle: this.obstacle })),
    });
    this.contact = false;
    this.collisions = 0;
    const out = await this.body.init({ seed, startNs, log: this.ctx?.log ?? (() => undefined) });
    return this.outputs(out);
  }

  private outputs(o: Outputs): Outputs {
    const p = o['base.pose'] as Float64Array;
    const x = p[0] as number, y = p[1] as number;
    const yaw = 2 * Math.atan2(p[6] as number, p[3] as number);
    const th = Math.atan2(Math.sin(yaw), Math.cos(yaw));
    const E = (s: string) => (o[`${s}.irradiance`] as Float64Array)[0] as number;
    const a = E('eye_left_front') - E('eye_left_back');
    const b = E('eye_right_front') - E('eye_right_back');
    const e = Math.hypot(a, b);
    // Cardioid per side, (1 + cos)/2, scaled by a saturating brightness E/(E + lightHalfWm2).
    const g = e / (e + this.o.lightHalfWm2);
    const lightL = e > 0 ? (g * (1 + a / e)) / 2 : 0;
    const lightR = e > 0 ? (g * (1 + b / e)) / 2 : 0;
    const prox = (s: string) => Math.max(0, 1 - ((o[`${s}.distance`] as Float64Array)[0] as number) / this.o.rayRangeM);
    const touching = footprintTouches(x, y, th, this.obstacle);
    if (touching && !this.contact) this.collisions++;
    this.contact = touching;
    return {
      light: Float64Array.of(lightL, lightR),
      proximity: Float64Array.of(prox('range_left'), prox('range_right')),
      pose: Float64Array.of(x, y, th),
      status: Float64Array.of(Math.hypot(this.arena.lightX - x, this.arena.lightY - y), touching ? 1 : 0, this.collisions),
    };
  }
}

/** Lamp and start pose for `seed`: inside the walls, clear of the obstacle, ≥ minStart apart. */
export function drawArena(seed: number, minStartDistanceM: number): Arena {
  const rng = new Rng(seed);
  const inner = ARENA_HALF_M - 1;
  const clear = (x: number, y: number) => Math.max(Math.abs(x - OBSTACLE.x), Math.abs(y - OBSTACLE.y)) > OBSTACLE.half + 0.9;
  for (;;) {
    const a = { lightX: rng.uniform(-inner, inner), lightY: rng.uniform(-inner, inner), x0: rng.uniform(-inner, inner), y0: rng.uniform(-inner, inner), heading0: rng.uniform(-Math.PI, Math.PI) };
    if (clear(a.lightX, a.lightY) && clear(a.x0, a.y0) && Math.hypot(a.lightX - a.x0, a.lightY - a.y0) >= minStartDistanceM) return a;
  }
}

/** Whether a corner of the rover's footprint at (x, y, θ) is within 2 cm of a wall or inside (2 cm around) the obstacle. */
export function footprintTouches(x: number, y: number, th: number, obstacle = true): boolean {
  const c = Math.cos(th), s = Math.sin(th);
  const lim = ARENA_HALF_M - 0.02;
  for (const [u, v] of [[FOOT.halfL, FOOT.halfW], [FOOT.halfL, -FOOT.halfW], [-FOOT.halfL, FOOT.halfW], [-FOOT.halfL, -FOOT.halfW]] as const) {
    const px = x + c * u - s * v;
    const py = y + s * u + c * v;
    if (Math.abs(px) > lim || Math.abs(py) > lim) return true;
    if (obstacle && Math.abs(px - OBSTACLE.x) < OBSTACLE.half + 0.02 && Math.abs(py - OBSTACLE.y) < OBSTACLE.half + 0.02) return true;
  }
  return false;
}
