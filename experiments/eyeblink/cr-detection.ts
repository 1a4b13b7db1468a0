/**
 * Conditioned-response detection as in Geminiani et al. 2022 (specs/eyeblink.md):
 *  1. spike-density function (SDF) of the DCN population, Gaussian kernel σ = 10 ms, averaged over
 *     cells (Hz), sampled on a 1 ms grid;
 *  2. 100 ms moving average, minus the baseline (the mean of the same signal over the CS-alone
 *     trial 0). The average is causal by default (each sample averages the preceding 100 ms, as an
 *     on-line detector must); `centred` is available;
 *  3. threshold 3.9 Hz;
 *  4. CR iff the signal does not cross in the first 100 ms after CS onset, does cross before US
 *     onset, and stays above threshold for ≥ 75 % of the time from the crossing to US onset.
 * The same logic applies to eyelid closure (with its own threshold).
 */

/** Parameters of the detector (defaults from the spec). */
export interface CrDetectorParams {
  readonly sigmaMs: number;
  readonly windowMs: number;
  readonly thresholdHz: number;
  readonly quietMs: number;
  readonly minAboveFraction: number;
}

/** The published detector settings. */
export const GEMINIANI_2022: CrDetectorParams = { sigmaMs: 10, windowMs: 100, thresholdHz: 3.9, quietMs: 100, minAboveFraction: 0.75 };

/**
 * Population SDF on a 1 ms grid over [0, durationMs): Gaussian kernel of σ ms around each spike,
 * summed and divided by the number of cells (Hz per cell).
 */
export function populationSdf(spikeTimesMs: ArrayLike<number>, cells: number, durationMs: number, sigmaMs: number): Float64Array {
  const n = Math.round(durationMs);
  const out = new Float64Array(n);
  const reach = Math.ceil(4 * sigmaMs);
  const norm = 1000 / (Math.sqrt(2 * Math.PI) * sigmaMs * cells); // kernel in 1/ms → Hz
  const kernel = new Float64Array(2 * reach + 1);
  for (let k = -reach; k <= reach; k++) kernel[k + reach] = Math.exp(-(k * k) / (2 * sigmaMs * sigmaMs)) * norm;
  for (let s = 0; s < spikeTimesMs.length; s++) {
    const t = spikeTimesMs[s] as number;
    const c = Math.round(t);
    // exact offset of the spike from the grid point keeps the SDF unbiased
    const frac = t - c;
    for (let k = -reach; k <= reach; k++) {
      const i = c + k;
      if (i < 0 || i >= n) continue;
      const d = k - frac;
      out[i] = (out[i] as number) + Math.exp(-(d * d) / (2 * sigmaMs * sigmaMs)) * norm;
    }
  }
  return out;
}

/**
 * Moving average over `windowMs` samples (1 ms grid), shrinking at the edges: `causal` averages
 * [i − window + 1, i], `centred` averages [i − window/2, i + window/2).
 */
export function movingAverage(x: ArrayLike<number>, windowMs: number, mode: 'causal' | 'centred' = 'causal'): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const half = mode === 'centred' ? Math.floor(windowMs / 2) : windowMs - 1;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (x[i] as number);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i - half + windowMs);
    out[i] = ((prefix[hi] as number) - (prefix[lo] as number)) / (hi - lo);
  }
  return out;
}

/** Result of CR detection on one trial. */
export interface CrResult {
  readonly cr: boolean;
  /** First crossing after CS onset (ms from CS onset), or null. */
  readonly onsetMs: number | null;
  /** Time of the signal's maximum in [CS onset, US onset + 50 ms) (ms from CS onset). */
  readonly peakMs: number;
  readonly peakValue: number;
  /** Fraction of [crossing, US onset) above threshold. */
  readonly aboveFraction: number;
  /** Which condition failed, if no CR. */
  readonly reason: 'cr' | 'early-crossing' | 'no-crossing' | 'not-sustained';
}

/**
 * Applies the detector to a baseline-subtracted signal on a 1 ms grid (index = ms from trial
 * start). `csOnsetMs` and `usOnsetMs` are in trial time.
 */
export function detectCr(signal: ArrayLike<number>, csOnsetMs: number, usOnsetMs: number, threshold: number, p: CrDetectorParams = GEMINIANI_2022): CrResult {
  const cs = Math.round(csOnsetMs);
  const us = Math.round(usOnsetMs);
  let peakMs = 0;
  let peakValue = -Infinity;
  for (let i = cs; i < Math.min(signal.length, us + 50); i++) {
    if ((signal[i] as number) > peakValue) {
      peakValue = signal[i] as number;
      peakMs = i - cs;
    }
  }
  let crossing = -1;
  for (let i = cs; i < us && i < signal.length; i++) {
    if ((signal[i] as number) > threshold) {
      crossing = i;
      break;
    }
  }
  if (crossing < 0) return { cr: false, onsetMs: null, peakMs, peakValue, aboveFraction: 0, reason: 'no-crossing' };
  let above = 0;
  for (let i = crossing; i < us; i++) if ((signal[i] as number) > threshold) above++;
  const aboveFraction = above / Math.max(1, us - crossing);
  const onsetMs = crossing - cs;
  if (onsetMs < p.quietMs) return { cr: false, onsetMs, peakMs, peakValue, aboveFraction, reason: 'early-crossing' };
  if (aboveFraction < p.minAboveFraction) return { cr: false, onsetMs, peakMs, peakValue, aboveFraction, reason: 'not-sustained' };
  return { cr: true, onsetMs, peakMs, peakValue, aboveFraction, reason: 'cr' };
}

/** Mouse %CR per block of 10 trials (Geminiani et al. 2024), mean and SD. */
export const MOUSE_REFERENCE = {
  crPercent: [9, 27, 52, 71, 85, 78, 83, 90, 84, 81],
  sd: [4, 7, 10, 9, 4, 7, 6, 3, 6, 6],
} as const;
