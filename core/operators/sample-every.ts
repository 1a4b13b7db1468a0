/**
 * `sampleEvery(periodNs)`: keeps the first item at or after each multiple of `periodNs` of
 * simulated time (items carry `tNs`). Decimates sync-point streams for recorders and viewers
 * without wall-clock timers, so the result does not depend on pacing.
 */
import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import type { TimeNs } from '../time.js';

/** Decimates a `{tNs}` stream to one item per `periodNs` of simulated time. */
export function sampleEvery<T extends { readonly tNs: TimeNs }>(periodNs: TimeNs): MonoTypeOperatorFunction<T> {
  if (!Number.isSafeInteger(periodNs) || periodNs <= 0) throw new RangeError(`sampleEvery: periodNs must be a positive integer (got ${periodNs})`);
  let next = 0;
  return filter((x: T) => {
    if (x.tNs < next - periodNs) next = 0; // time went back (reset): start again
    if (x.tNs >= next) {
      next = (Math.floor(x.tNs / periodNs) + 1) * periodNs;
      return true;
    }
    return false;
  });
}
