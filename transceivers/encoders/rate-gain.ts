/**
 * Gain functions from a sensor value (any unit) to a firing rate (Hz), clipped to [0, maxHz].
 * Shared by the Poisson and regular-rate encoders.
 */
import { ValidationError } from '../../core/errors.js';
import { type ClipReport, emptyClipReport } from '../utilities/clip.js';
import { requireFinite, requirePositive } from '../utilities/check.js';

/** rate = offsetHz + hzPerUnit · x, clipped to [0, maxHz]. */
export interface LinearGainDesc {
  readonly kind: 'linear';
  readonly hzPerUnit: number;
  readonly offsetHz?: number;
  readonly maxHz: number;
}
/** rate = maxHz / (1 + exp(-(x − x0) / width)) (already within [0, maxHz]). */
export interface SigmoidGainDesc {
  readonly kind: 'sigmoid';
  readonly x0: number;
  /** Width of the transition, in the unit of x (> 0). */
  readonly width: number;
  readonly maxHz: number;
}
/** A sensor-to-rate gain. */
export type RateGainDesc = LinearGainDesc | SigmoidGainDesc;

/** Validates a gain descriptor. */
export function checkRateGain(field: string, g: RateGainDesc): void {
  requirePositive(`${field}.maxHz`, g.maxHz);
  if (g.kind === 'linear') {
    requireFinite(`${field}.hzPerUnit`, g.hzPerUnit);
    requireFinite(`${field}.offsetHz`, g.offsetHz ?? 0);
  } else if (g.kind === 'sigmoid') {
    requireFinite(`${field}.x0`, g.x0);
    requirePositive(`${field}.width`, g.width);
  } else {
    throw new ValidationError(`${field}.kind`, (g as { kind: unknown }).kind, "'linear' | 'sigmoid'", 'choose a gain kind');
  }
}

/**
 * Writes rates (Hz) for `signal` into `outHz` and returns the clip report (elements whose linear
 * rate fell outside [0, maxHz]).
 */
export function applyRateGain(g: RateGainDesc, signal: ArrayLike<number>, outHz: Float64Array, report: ClipReport = emptyClipReport()): ClipReport {
  report.count = 0;
  report.firstIndex = -1;
  report.firstValue = Number.NaN;
  for (let i = 0; i < signal.length; i++) {
    const x = signal[i] as number;
    let r: number;
    if (g.kind === 'linear') {
      r = (g.offsetHz ?? 0) + g.hzPerUnit * x;
      if (r < 0 || r > g.maxHz) {
        if (report.count === 0) {
          report.firstIndex = i;
          report.firstValue = r;
        }
        report.count++;
        r = r < 0 ? 0 : g.maxHz;
      }
    } else {
      r = g.maxHz / (1 + Math.exp(-(x - g.x0) / g.width));
    }
    outHz[i] = r;
  }
  return report;
}
