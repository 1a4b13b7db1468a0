/**
 * The runtime interface every sensor implements: declared output ports, and `sample` writing the
 * noise-free reading into preallocated buffers. Noise (sensors/noise.ts) is applied by the engine.
 */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotRuntime } from '../robot-runtime.js';
import type { BodyEnvironment, SceneAccess } from '../scene.js';

/** What a sensor may read. */
export interface SensorContext {
  readonly rt: RobotRuntime;
  readonly scene: SceneAccess;
  readonly env: BodyEnvironment | undefined;
  /** Engine step (s). */
  readonly dtS: number;
}

/** A live sensor. */
export interface SensorRuntime {
  /** Output ports, full names (`<sensor>.<quantity>`). */
  readonly ports: Readonly<Record<string, AnalogPortDecl>>;
  /** Writes the true reading of every port into `out[port]`. */
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void;
  /** After each step (and at init/reset): update internal history, e.g. previous velocity. */
  commit?(ctx: SensorContext): void;
  /** Forget history (init/reset); called with the world at its initial state. */
  reset?(ctx: SensorContext): void;
  getState?(): unknown;
  setState?(s: unknown): void;
}
