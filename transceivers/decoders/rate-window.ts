/**
 * Spike count → rate (Hz) over a window in simulated time.
 *
 * - Exponential window: r(t) = Σ_k exp(−(t − t_k)/τ) / τ, updated exactly between calls (decay by
 *   exp(−Δ/τ), add each spike with its own age). Its mean for a stationary train of rate ν is ν.
 * - Boxcar window: r(t) = (spikes in (t − W, t]) / W, with W a whole number of call periods; spikes
 *   are binned per call, so the count is exact for spikes delivered at each call.
 *
 * Spikes passed at time t must have t_k ≤ t (the engine's step that just ended).
 */
import { ValidationError } from '../../core/errors.js';
import type { SpikeBatch } from '../../core/ports.js';
import { delaySteps } from '../utilities/delay-line.js';
import { requirePositive, requirePositiveInt } from '../utilities/check.js';

/** State of an exponential-window rate decoder. */
export interface ExpRateState {
  readonly size: number;
  readonly tauNs: number;
  /** Current rate estimate per neuron (Hz). */
  readonly rateHz: Float64Array;
  lastNs: number;
}

/** Creates an exponential-window decoder for `size` neurons with time constant `tauMs`. */
export function createExpRateDecoder(size: number, tauMs: number): ExpRateState {
  requirePositiveInt('expRate.size', size);
  requirePositive('expRate.tauMs', tauMs);
  return { size, tauNs: tauMs * 1e6, rateHz: new Float64Array(size), lastNs: Number.NaN };
}

/** Advances the estimate to `tNs`, adds `batch`, and returns the rates (Hz; the state's array). */
export function expRateUpdate(state: ExpRateState, batch: SpikeBatch, tNs: number): Float64Array {
  const r = state.rateHz;
  if (state.lastNs === state.lastNs) {
    if (tNs < state.lastNs) throw new ValidationError('expRate.tNs', tNs, `≥ the last update (${state.lastNs})`, 'call with non-decreasing time or reset');
    const f = Math.exp(-(tNs - state.lastNs) / state.tauNs);
    for (let i = 0; i < state.size; i++) r[i] = (r[i] as number) * f;
  }
  const amp = 1e9 / state.tauNs; // one spike contributes 1/τ (Hz)
  for (let k = 0; k < batch.count; k++) {
    const id = batch.ids[k] as number;
    const tk = batch.timesNs[k] as number;
    if (id < 0 || id >= state.size) throw new ValidationError(`expRate.spikes.ids[${k}]`, id, `in [0, ${state.size})`, 'decode the population the spikes come from');
    if (tk > tNs) throw new ValidationError(`expRate.spikes.timesNs[${k}]`, tk, `≤ tNs (${tNs})`, 'decode spikes after the step that produced them');
    r[id] = (r[id] as number) + amp * Math.exp(-(tNs - tk) / state.tauNs);
  }
  state.lastNs = tNs;
  return r;
}

/** State of a boxcar-window rate decoder. */
export interface BoxcarRateState {
  readonly size: number;
  readonly windowNs: number;
  readonly bins: number;
  /** Per-bin counts, bins × size, ring-indexed by `head`. */
  readonly counts: Int32Array;
  readonly sum: Int32Array;
  readonly rateHz: Float64Array;
  head: number;
}

/** Creates a boxcar decoder of window `windowNs` (a multiple of the call period `periodNs`). */
export function createBoxcarRateDecoder(size: number, windowNs: number, periodNs: number): BoxcarRateState {
  requirePositiveInt('boxcarRate.size', size);
  const bins = delaySteps(windowNs, periodNs, 'boxcarRate.windowNs');
  if (bins === 0) throw new ValidationError('boxcarRate.windowNs', windowNs, '> 0', 'give a window of at least one period');
  return { size, windowNs, bins, counts: new Int32Array(bins * size), sum: new Int32Array(size), rateHz: new Float64Array(size), head: 0 };
}

/** Adds the spikes of the last period and returns the rates (Hz) over the last window. */
export function boxcarRateUpdate(state: BoxcarRateState, batch: SpikeBatch): Float64Array {
  const n = state.size;
  const off = state.head * n;
  for (let i = 0; i < n; i++) {
    state.sum[i] = (state.sum[i] as number) - (state.counts[off + i] as number);
    state.counts[off + i] = 0;
  }
  for (let k = 0; k < batch.count; k++) {
    const id = batch.ids[k] as number;
    if (id < 0 || id >= n) throw new ValidationError(`boxcarRate.spikes.ids[${k}]`, id, `in [0, ${n})`, 'decode the population the spikes come from');
    state.counts[off + id] = (state.counts[off + id] as number) + 1;
    state.sum[id] = (state.sum[id] as number) + 1;
  }
  state.head = (state.head + 1) % state.bins;
  const toHz = 1e9 / state.windowNs;
  for (let i = 0; i < n; i++) state.rateHz[i] = (state.sum[i] as number) * toHz;
  return state.rateHz;
}
