/**
 * Monitors (TVB `monitors.py`) see one signal vector per integration step (e.g. the observable of
 * every node) and emit samples at their own period. Samples go to a callback so nothing is kept
 * unless the caller keeps it.
 */

/** A monitor fed once per integration step. */
export interface Monitor {
  readonly name: string;
  /** Sampling period in ms. */
  readonly periodMs: number;
  /** Feeds the signal of step `step` (time = step · dt); returns true when a sample was emitted. */
  sample(step: number, signal: Float64Array): boolean;
  /** The most recent emitted sample (zeros before the first). */
  readonly last: Float64Array;
  /** Time (ms) of the most recent sample, NaN before the first. */
  readonly lastTimeMs: number;
  /** Clears all internal buffers. */
  reset(): void;
}
