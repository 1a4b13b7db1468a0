/**
 * The engine contract: every body, brain, neuromorphic backend, remote engine and robot is one of
 * these. The bus is the only caller.
 *
 * Lifecycle: init → (advance)* → reset → (advance)* … → dispose.
 * `init` and `reset` return the outputs at the state they set up (t = 0), so outputs exist before
 * the first step. `advance(to, inputs)` steps the interval [now, to) with `inputs` held constant
 * (they were computed at `now`) and returns the outputs at `to`. `to - now` is always `dt`.
 */
import type { Inputs, Outputs, PortSpec } from './ports.js';
import type { TimeNs } from './time.js';

/** What the bus hands an engine at init. */
export interface EngineContext {
  /** 32-bit seed for this engine, derived from the experiment seed and the engine name. */
  readonly seed: number;
  /** Absolute simulated time at which the engine starts (ns, normally 0). */
  readonly startNs: TimeNs;
  /** Structured, non-fatal messages (deviations, warnings). */
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

/**
 * What survives a reset. `keep` names state kept across the reset, e.g. `['weights']` for a brain
 * whose learning must survive trials; anything not named is restored to its initial value.
 * `seed` reseeds the engine's random streams and means the same as EngineContext.seed: the same seed
 * gives the same streams as after init. Without it the engine reuses its init seed.
 */
export interface ResetOptions {
  readonly keep?: readonly string[];
  readonly seed?: number;
}

/** The one interface every engine satisfies. */
export interface Engine {
  readonly name: string;
  /** Step in integer nanoseconds; the bus synchronises the engine at every multiple of it. */
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  init(ctx: EngineContext): Promise<Outputs> | Outputs;
  advance(to: TimeNs, inputs: Inputs): Promise<Outputs> | Outputs;
  reset(opts?: ResetOptions): Promise<Outputs> | Outputs;
  /** Idempotent. */
  dispose(): Promise<void> | void;
  /** Optional: an opaque, structured-cloneable copy of the full state. */
  snapshot?(): unknown;
  /** Optional: restores a snapshot() result; returns the outputs at that state. */
  restore?(snapshot: unknown): Outputs;
  /**
   * Optional: minimum synaptic/conduction delay (ns) on connections between this engine and
   * engines of the given kind; used by the bus for the co-simulation exchange-period rule.
   */
  readonly coupling?: EngineCoupling;
}

/** Co-simulation metadata: what kind of model this is and the minimum delay on its links. */
export interface EngineCoupling {
  readonly kind: 'spiking' | 'rate' | 'body' | 'other';
  /** Minimum delay (ns) of any connection that leaves/enters this engine through the bus. */
  readonly minDelayNs?: TimeNs;
}

/** True if `x` is a thenable (an engine call that went async). */
export function isPromiseLike<T>(x: unknown): x is PromiseLike<T> {
  return typeof x === 'object' && x !== null && typeof (x as PromiseLike<T>).then === 'function';
}
