/**
 * Clipping with reporting. Robots have limits (motor torque, wheel speed, firing rates); values
 * beyond them are clipped, and every clip is counted and reported so nothing is dropped silently.
 */
import { ValidationError } from '../../core/errors.js';
import type { TransceiverContext } from '../../core/transceiver.js';

/** What one clipping pass did. */
export interface ClipReport {
  /** Number of elements that were outside [lo, hi]. */
  count: number;
  /** Index of the first clipped element, or -1. */
  firstIndex: number;
  /** Value of the first clipped element before clipping (NaN when none). */
  firstValue: number;
}

/** A fresh, empty report. */
export function emptyClipReport(): ClipReport {
  return { count: 0, firstIndex: -1, firstValue: Number.NaN };
}

/**
 * Clips `values` into [lo, hi], writing into `out` (may be `values` itself), and returns what was
 * clipped in `report` (reset at the start). Units are those of `values`.
 */
export function clipInto(values: ArrayLike<number>, lo: number, hi: number, out: Float64Array, report: ClipReport = emptyClipReport()): ClipReport {
  if (!(lo <= hi)) throw new ValidationError('clip.lo', lo, `≤ hi (${hi})`, 'give lo ≤ hi');
  if (out.length !== values.length) throw new ValidationError('clip.out', `length ${out.length}`, `length ${values.length}`, 'preallocate out with the input length');
  report.count = 0;
  report.firstIndex = -1;
  report.firstValue = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x < lo || x > hi) {
      if (report.count === 0) {
        report.firstIndex = i;
        report.firstValue = x;
      }
      report.count++;
      out[i] = x < lo ? lo : hi;
    } else {
      out[i] = x;
    }
  }
  return report;
}

/** Reports a non-empty clip into the run's event log (kind `clip`); returns the report. */
export function reportClip(ctx: Pick<TransceiverContext, 'report' | 'tNs'>, what: string, report: ClipReport, lo: number, hi: number): ClipReport {
  if (report.count > 0) {
    ctx.report('clip', { what, tNs: ctx.tNs, count: report.count, firstIndex: report.firstIndex, firstValue: report.firstValue, lo, hi });
  }
  return report;
}
