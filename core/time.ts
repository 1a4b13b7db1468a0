/**
 * Simulated time is an integer number of nanoseconds held in a JS number (exact up to 2^53 ns,
 * about 104 days). Never a float of seconds: NRP-core stored 0.01 s in a float32 and got 9,999,999 ns.
 */
import { ValidationError } from './errors.js';

/** Integer nanoseconds. */
export type TimeNs = number;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

/** Converts milliseconds to integer ns, rejecting values that are not whole nanoseconds. */
export function msToNs(ms: number, field = 'time'): TimeNs {
  return toIntegerNs(ms * NS_PER_MS, ms, field, 'ms');
}
/** Converts microseconds to integer ns. */
export function usToNs(us: number, field = 'time'): TimeNs {
  return toIntegerNs(us * NS_PER_US, us, field, 'µs');
}
/** Converts seconds to integer ns. */
export function sToNs(s: number, field = 'time'): TimeNs {
  return toIntegerNs(s * NS_PER_S, s, field, 's');
}
/** Integer ns to float milliseconds (for model code that works in ms). */
export function nsToMs(ns: TimeNs): number {
  return ns / NS_PER_MS;
}
/** Integer ns to float seconds. */
export function nsToS(ns: TimeNs): number {
  return ns / NS_PER_S;
}

function toIntegerNs(raw: number, original: number, field: string, unit: string): TimeNs {
  if (!Number.isFinite(raw)) {
    throw new ValidationError(field, original, `a finite time in ${unit}`, 'give a finite number');
  }
  const r = Math.round(raw);
  // Decimal fractions like 0.1 ms are not exact in binary; accept rounding error far below 1 ns.
  if (Math.abs(r - raw) > 1e-6 * Math.max(1, Math.abs(raw)) && Math.abs(r - raw) > 1e-3) {
    throw new ValidationError(field, original, `a whole number of nanoseconds`, `round ${field} to 1 ns resolution`);
  }
  if (!Number.isSafeInteger(r)) {
    throw new ValidationError(field, original, `at most ${Number.MAX_SAFE_INTEGER} ns`, 'use a shorter time');
  }
  return r;
}

/** Throws unless `v` is a positive safe integer (a valid engine step in ns). */
export function assertPositiveNs(field: string, v: number): void {
  if (!Number.isSafeInteger(v) || v <= 0) {
    throw new ValidationError(field, v, 'a positive integer number of nanoseconds', 'use msToNs()/usToNs() to build the value');
  }
}

/** Greatest common divisor of two non-negative integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}
