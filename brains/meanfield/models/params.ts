/**
 * Parameter merging with validation: every model takes `Partial<Params>` over its TVB defaults and
 * rejects unknown or non-finite values with the field named.
 */
import { ValidationError } from '../../../core/errors.js';

/** Merges `overrides` into `defaults`, rejecting unknown keys and non-finite numbers. */
export function mergeParams<P extends { [K in keyof P]: number }>(model: string, defaults: P, overrides: Partial<P> | undefined): P {
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  if (overrides === undefined) return out as P;
  for (const [k, v] of Object.entries(overrides as Record<string, unknown>)) {
    if (!(k in defaults)) {
      throw new ValidationError(`${model}.params.${k}`, k, `one of [${Object.keys(defaults).join(', ')}]`, `remove '${k}' or fix its spelling`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(`${model}.params.${k}`, v, 'a finite number', `give ${k} a finite numeric value`);
    }
    out[k] = v;
  }
  return out as P;
}
