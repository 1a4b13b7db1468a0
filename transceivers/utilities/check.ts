/**
 * Parameter checks shared by the transceiver factories: every bad value becomes a ValidationError
 * that names the field, the value, what was expected and the fix (nothing is silently clamped).
 */
import { ValidationError } from '../../core/errors.js';

/** Throws unless `v` is a finite number > 0. */
export function requirePositive(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    throw new ValidationError(field, v, 'a finite number > 0', `give ${field} a positive value`);
  }
}

/** Throws unless `v` is a finite number ≥ 0. */
export function requireNonNegative(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new ValidationError(field, v, 'a finite number ≥ 0', `give ${field} a non-negative value`);
  }
}

/** Throws unless `v` is a finite number. */
export function requireFinite(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v))) {
    throw new ValidationError(field, v, 'a finite number', `give ${field} a finite value`);
  }
}

/** Throws unless `v` is a positive integer. */
export function requirePositiveInt(field: string, v: number): void {
  if (!(Number.isInteger(v) && v > 0)) {
    throw new ValidationError(field, v, 'an integer > 0', `give ${field} a positive whole number`);
  }
}

/** Throws unless `arr.length === n`. */
export function requireLength(field: string, arr: ArrayLike<number>, n: number): void {
  if (arr.length !== n) {
    throw new ValidationError(field, `length ${arr.length}`, `length ${n}`, `pass ${n} values (one per channel)`);
  }
}

/** Throws unless every element of `arr` is finite. */
export function requireFiniteArray(field: string, arr: ArrayLike<number>): void {
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i] as number;
    if (!Number.isFinite(x)) {
      throw new ValidationError(`${field}[${i}]`, x, 'a finite number', 'find where the NaN/Inf came from upstream');
    }
  }
}
