/**
 * The seam between a robot and its environment inside one body engine. environments/ implements
 * `BodyEnvironment` structurally (bodies and environments never import each other), so a world
 * (ground, walls, lights, tone sources, air-puff nozzles) plugs into any robot's engine.
 */
import type { Inputs, PortSpec } from '../core/ports.js';
import type { Vec3 } from './math3d.js';
import type { RapierBody, RapierModule, RapierWorld } from './rapier.js';

/** What the engine exposes to its environment. `world` changes after a restore: never cache it. */
export interface SceneAccess {
  readonly rapier: RapierModule;
  readonly world: RapierWorld;
  /** The rigid body of a robot link (undefined if the robot has no such link). */
  body(link: string): RapierBody | undefined;
  /** The robot link that owns a collider, or undefined for environment colliders. */
  linkOfCollider(handle: number): string | undefined;
  /** Engine step (s). */
  readonly dtS: number;
  /** Physics substep (s). */
  readonly substepS: number;
}

/** An environment plugged into a body engine. */
export interface BodyEnvironment {
  /** Extra engine ports: environment inputs (e.g. `nozzle.trigger`) and outputs. */
  readonly ports: PortSpec;
  /** Adds static and dynamic world geometry; called once before the initial snapshot. */
  build(scene: SceneAccess): void;
  /** Resolves handles after the world was (re)created from a snapshot. */
  attach(scene: SceneAccess): void;
  /** Start of each engine step [t, t+dt): takes this step's environment inputs. */
  beginStep(scene: SceneAccess, inputs: Inputs, tNs: number): void;
  /** Before each physics substep, after the engine cleared user forces: add forces (e.g. jets). */
  applyForces(scene: SceneAccess): void;
  /** Writes the environment outputs (called at init/reset/restore and after each step). */
  writeOutputs(scene: SceneAccess, out: Record<string, Float64Array>): void;
  /** Irradiance (W/m²) on a surface at `pos` facing `normal` (unit, world frame). */
  irradianceAt(scene: SceneAccess, pos: Vec3, normal: Vec3): number;
  /** Sound pressure (Pa RMS) at `pos`. */
  soundLevelAt(scene: SceneAccess, pos: Vec3): number;
  /** Normal force (N) that fluid jets put on a robot link during the current step. */
  jetForceOn(link: string): number;
  /** Non-physics state (valves, delay lines) for snapshot/restore. Must be structured-cloneable. */
  getState(): unknown;
  setState(state: unknown): void;
  /** Back to the initial non-physics state. */
  resetState(): void;
}
