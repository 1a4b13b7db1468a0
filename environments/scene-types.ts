/**
 * The body-engine seam as seen from environments/. bodies/ declares the same shapes
 * (bodies/scene.ts); TypeScript's structural typing checks they match where an environment is
 * passed to a BodyEngine, so neither folder imports the other (DESIGN.md §7 dependency rules).
 */
import type RAPIER from '@dimforge/rapier3d-compat';
import type { Inputs, PortSpec } from '../core/ports.js';

/** The Rapier module. */
export type RapierModule = typeof RAPIER;
/** A live world. */
export type RapierWorld = InstanceType<RapierModule['World']>;
/** A live rigid body. */
export type RapierBody = ReturnType<RapierWorld['getRigidBody']>;
/** A 3-vector. */
export type Vec3 = readonly [number, number, number];

/** What a body engine exposes to its environment (`world` changes after a restore). */
export interface SceneAccess {
  readonly rapier: RapierModule;
  readonly world: RapierWorld;
  body(link: string): RapierBody | undefined;
  linkOfCollider(handle: number): string | undefined;
  readonly dtS: number;
  readonly substepS: number;
}

/** An environment that a body engine hosts (see bodies/scene.ts for the contract). */
export interface BodyEnvironment {
  readonly ports: PortSpec;
  build(scene: SceneAccess): void;
  attach(scene: SceneAccess): void;
  beginStep(scene: SceneAccess, inputs: Inputs, tNs: number): void;
  applyForces(scene: SceneAccess): void;
  writeOutputs(scene: SceneAccess, out: Record<string, Float64Array>): void;
  irradianceAt(scene: SceneAccess, pos: Vec3, normal: Vec3): number;
  soundLevelAt(scene: SceneAccess, pos: Vec3): number;
  jetForceOn(link: string): number;
  getState(): unknown;
  setState(state: unknown): void;
  resetState(): void;
}
