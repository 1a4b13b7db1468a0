/**
 * The Rapier seam: loads the WASM module once (`RAPIER.init()`) and re-exports its types. Everything
 * else in bodies/ receives the module through here, so a browser build can swap the loader.
 */
import RAPIER from '@dimforge/rapier3d-compat';

/** The Rapier module type. */
export type RapierModule = typeof RAPIER;
/** A live Rapier world. */
export type RapierWorld = InstanceType<RapierModule['World']>;
/** A live Rapier rigid body. */
export type RapierBody = ReturnType<RapierWorld['getRigidBody']>;

let loading: Promise<RapierModule> | undefined;

/** Initialises Rapier's WASM once per process and returns the module. */
export function loadRapier(): Promise<RapierModule> {
  loading ??= RAPIER.init().then(() => RAPIER);
  return loading;
}
