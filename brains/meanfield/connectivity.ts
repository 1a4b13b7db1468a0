/**
 * Structural connectivity (TVB `Connectivity`): weights, tract lengths (mm), region centres and
 * cortical flags, plus the integer step delays `rint(length / speed / dt)` TVB computes.
 * Matrices are row-major n×n with `weights[i * n + j]` = strength of the connection j → i, as in
 * TVB (row = target, column = source).
 */
import { ValidationError } from '../../core/errors.js';

/** A whole-brain connectome. */
export interface Connectivity {
  readonly nRegions: number;
  /** n×n, row = target i, column = source j. */
  readonly weights: Float64Array;
  /** n×n tract lengths in mm. */
  readonly tractLengthsMm: Float64Array;
  readonly labels: readonly string[];
  /** n×3 region centres (mm), empty if unknown. */
  readonly centres: Float64Array;
  /** 1 = cortical region, 0 = subcortical; all 1 if unknown. */
  readonly cortical: Uint8Array;
  /** Region areas (mm²), empty if unknown. */
  readonly areas: Float64Array;
}

/** Round half to even, like numpy.rint (Math.round rounds half up). */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Validates a connectivity's shapes and values; throws a ValidationError naming the field. */
export function checkConnectivity(c: Connectivity): void {
  const n = c.nRegions;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError('connectivity.nRegions', n, 'a positive integer', 'give at least one region');
  if (c.weights.length !== n * n) throw new ValidationError('connectivity.weights', `length ${c.weights.length}`, `n*n = ${n * n}`, 'give a square matrix, row-major');
  if (c.tractLengthsMm.length !== n * n) throw new ValidationError('connectivity.tractLengthsMm', `length ${c.tractLengthsMm.length}`, `n*n = ${n * n}`, 'give a square matrix, row-major');
  for (let k = 0; k < n * n; k++) {
    const w = c.weights[k] as number;
    const l = c.tractLengthsMm[k] as number;
    if (!Number.isFinite(w)) throw new ValidationError(`connectivity.weights[${k}]`, w, 'a finite number', 'fix the weights file');
    if (!Number.isFinite(l) || l < 0) throw new ValidationError(`connectivity.tractLengthsMm[${k}]`, l, 'a finite length ≥ 0 (mm)', 'fix the tract lengths file');
  }
  if (c.labels.length !== n) throw new ValidationError('connectivity.labels', c.labels.length, `${n} labels`, 'give one label per region');
}

/** Integer delays in steps, `rint(tract_length / speed / dt)`, row-major like the weights. */
export function integerDelays(c: Connectivity, speedMmPerMs: number, dtMs: number): Int32Array {
  if (!(speedMmPerMs > 0) || !Number.isFinite(speedMmPerMs)) {
    throw new ValidationError('conductionSpeedMmPerMs', speedMmPerMs, 'a positive finite speed in mm/ms', 'use e.g. 3.0 (TVB default)');
  }
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) throw new ValidationError('dtMs', dtMs, 'a positive step in ms', 'use e.g. 0.1');
  const d = new Int32Array(c.nRegions * c.nRegions);
  for (let k = 0; k < d.length; k++) d[k] = rint((c.tractLengthsMm[k] as number) / speedMmPerMs / dtMs);
  return d;
}

/**
 * Minimum delay (ms) over connections with non-zero weight between distinct regions, optionally
 * only those touching `regions`; Infinity if there are none. This bounds the co-simulation
 * exchange period.
 */
export function minInterRegionDelayMs(c: Connectivity, speedMmPerMs: number, regions?: readonly number[]): number {
  const n = c.nRegions;
  const only = regions === undefined ? undefined : new Set(regions);
  let m = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || (c.weights[i * n + j] as number) === 0) continue;
      if (only !== undefined && !only.has(i) && !only.has(j)) continue;
      m = Math.min(m, (c.tractLengthsMm[i * n + j] as number) / speedMmPerMs);
    }
  }
  return m;
}
