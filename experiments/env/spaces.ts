/**
 * Gymnasium-style spaces as plain JSON-describable values: `Box` (a real array with bounds) and
 * `Discrete` (integers 0..n-1). Infinite bounds are written as the strings "inf"/"-inf" in JSON,
 * which Python's float() reads back.
 */
import { ValidationError } from '../../core/errors.js';
import type { Rng } from '../../core/random.js';

/** A box of real arrays: low ≤ x ≤ high element-wise, row-major `shape`. */
export interface BoxSpace {
  readonly type: 'box';
  readonly shape: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  readonly dtype: 'float64';
}

/** Integers 0..n-1. */
export interface DiscreteSpace {
  readonly type: 'discrete';
  readonly n: number;
}

/** Any space. */
export type Space = BoxSpace | DiscreteSpace;

/** Builds a Box; scalar bounds broadcast over the shape. */
export function box(shape: readonly number[], low: number | readonly number[], high: number | readonly number[]): BoxSpace {
  const n = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isSafeInteger(d) && d > 0)) throw new ValidationError('box.shape', shape, 'positive integer dims', 'give the array shape');
  const lo = typeof low === 'number' ? new Array<number>(n).fill(low) : [...low];
  const hi = typeof high === 'number' ? new Array<number>(n).fill(high) : [...high];
  if (lo.length !== n || hi.length !== n) throw new ValidationError('box.low/high', `${lo.length}/${hi.length}`, `${n} bounds`, 'one bound per element or a scalar');
  for (let i = 0; i < n; i++) {
    if (!((lo[i] as number) <= (hi[i] as number))) throw new ValidationError(`box.low[${i}]`, lo[i], `≤ high[${i}] = ${hi[i]}`, 'order the bounds');
  }
  return { type: 'box', shape: [...shape], low: lo, high: hi, dtype: 'float64' };
}

/** Builds a Discrete space of n actions. */
export function discrete(n: number): DiscreteSpace {
  if (!Number.isSafeInteger(n) || n <= 0) throw new ValidationError('discrete.n', n, 'a positive integer', 'give the number of actions');
  return { type: 'discrete', n };
}

/** Number of elements of a sample (1 for Discrete). */
export function spaceSize(s: Space): number {
  return s.type === 'discrete' ? 1 : s.shape.reduce((a, b) => a * b, 1);
}

/** Throws a ValidationError naming `field` unless `x` is a member of `s`. Nothing is clipped. */
export function checkInSpace(field: string, s: Space, x: unknown): void {
  if (s.type === 'discrete') {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= s.n) {
      throw new ValidationError(field, x, `an integer in [0, ${s.n})`, 'pass a valid discrete action');
    }
    return;
  }
  const n = spaceSize(s);
  if (!(x instanceof Float64Array) && !Array.isArray(x)) throw new ValidationError(field, typeof x, `a Float64Array or number[] of length ${n}`, 'pass an array');
  const a = x as ArrayLike<number>;
  if (a.length !== n) throw new ValidationError(field, `length ${a.length}`, `length ${n} (shape [${s.shape.join(', ')}])`, 'match the space shape');
  for (let i = 0; i < n; i++) {
    const v = a[i] as number;
    if (typeof v !== 'number' || !(v >= (s.low[i] as number) && v <= (s.high[i] as number))) {
      throw new ValidationError(`${field}[${i}]`, v, `a number in [${s.low[i]}, ${s.high[i]}]`, 'keep actions inside the declared bounds (e.g. scale a tanh output); nothing is clipped silently');
    }
  }
}

/** True if `x` is a member of `s`. */
export function inSpace(s: Space, x: unknown): boolean {
  try {
    checkInSpace('x', s, x);
    return true;
  } catch {
    return false;
  }
}

/** A uniform sample (Box with infinite bounds: standard normal on those elements). */
export function sampleSpace(s: Space, rng: Rng): number | Float64Array {
  if (s.type === 'discrete') return rng.int(s.n);
  const out = new Float64Array(spaceSize(s));
  for (let i = 0; i < out.length; i++) {
    const lo = s.low[i] as number;
    const hi = s.high[i] as number;
    out[i] = Number.isFinite(lo) && Number.isFinite(hi) ? rng.uniform(lo, hi) : rng.normal();
  }
  return out;
}

const encodeBound = (v: number): number | string => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v);
const decodeBound = (v: unknown): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

/** JSON form of a space (infinite bounds as "inf"/"-inf"). */
export function spaceToJSON(s: Space): Record<string, unknown> {
  return s.type === 'discrete' ? { type: 'discrete', n: s.n } : { type: 'box', shape: [...s.shape], low: s.low.map(encodeBound), high: s.high.map(encodeBound), dtype: s.dtype };
}

/** Parses the JSON form back into a space (validating it). */
export function spaceFromJSON(j: unknown): Space {
  const o = j as Record<string, unknown>;
  if (o?.type === 'discrete') return discrete(o.n as number);
  if (o?.type === 'box' && Array.isArray(o.shape) && Array.isArray(o.low) && Array.isArray(o.high)) {
    return box(o.shape as number[], (o.low as unknown[]).map(decodeBound), (o.high as unknown[]).map(decodeBound));
  }
  throw new ValidationError('space', j, "{type: 'box', shape, low, high} or {type: 'discrete', n}", 'use spaceToJSON output');
}
