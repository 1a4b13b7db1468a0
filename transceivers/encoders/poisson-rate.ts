/**
 * Poisson rate coding: a sensor value sets a rate through a gain (linear or sigmoid, clipped to
 * [0, maxHz]); each neuron then fires an independent Poisson process over the window
 * [tNs, tNs + windowNs) the target engine integrates next. Rates are piecewise constant per window
 * (the sensor is sampled at the sync point), so a time-varying signal gives an inhomogeneous
 * process; `poissonEncodeRateFn` handles a rate that varies within the window exactly by thinning
 * (Lewis & Shedler 1979).
 *
 * Closed forms (tested): count in a window ~ Poisson(r·T): mean r·T, Fano factor 1.
 */
import { ValidationError } from '../../core/errors.js';
import type { SpikeBatch } from '../../core/ports.js';
import type { Rng } from '../../core/random.js';
import type { TransceiverContext } from '../../core/transceiver.js';
import { type ClipReport, emptyClipReport, reportClip } from '../utilities/clip.js';
import { requireFiniteArray, requireLength, requirePositive, requirePositiveInt } from '../utilities/check.js';
import { type RateGainDesc, applyRateGain, checkRateGain } from './rate-gain.js';

/** Descriptor of a Poisson encoder of `size` channels (one neuron per channel). */
export interface PoissonEncoderDesc {
  readonly size: number;
  readonly gain: RateGainDesc;
}

/** Explicit state: preallocated rate buffer and the last clip report. */
export interface PoissonEncoderState {
  readonly desc: PoissonEncoderDesc;
  readonly ratesHz: Float64Array;
  readonly clip: ClipReport;
}

/** Validates the descriptor and creates the state. */
export function createPoissonEncoder(desc: PoissonEncoderDesc): PoissonEncoderState {
  requirePositiveInt('poissonEncoder.size', desc.size);
  checkRateGain('poissonEncoder.gain', desc.gain);
  return { desc, ratesHz: new Float64Array(desc.size), clip: emptyClipReport() };
}

/**
 * Encodes `signal` (one value per channel) as spikes in [tNs, tNs + windowNs). Spike times are
 * integer ns, sorted. Clipped rates are reported through `ctx` when given.
 */
export function poissonEncode(
  state: PoissonEncoderState, signal: ArrayLike<number>, tNs: number, windowNs: number, rng: Rng,
  ctx?: Pick<TransceiverContext, 'report' | 'tNs'>,
): SpikeBatch {
  requireLength('poissonEncoder.signal', signal, state.desc.size);
  requireFiniteArray('poissonEncoder.signal', signal);
  applyRateGain(state.desc.gain, signal, state.ratesHz, state.clip);
  if (ctx !== undefined) reportClip(ctx, 'poissonEncoder.rateHz', state.clip, 0, state.desc.gain.maxHz);
  return poissonSpikes(state.ratesHz, tNs, windowNs, rng);
}

/** Independent homogeneous Poisson spikes at `ratesHz` (one neuron per entry) in [tNs, tNs + windowNs). */
export function poissonSpikes(ratesHz: ArrayLike<number>, tNs: number, windowNs: number, rng: Rng): SpikeBatch {
  requirePositive('windowNs', windowNs);
  const ids: number[] = [];
  const times: number[] = [];
  const windowS = windowNs * 1e-9;
  for (let i = 0; i < ratesHz.length; i++) {
    const r = ratesHz[i] as number;
    if (!(r >= 0)) throw new ValidationError(`ratesHz[${i}]`, r, 'a rate ≥ 0 Hz', 'clip rates before encoding');
    const n = rng.poisson(r * windowS);
    for (let k = 0; k < n; k++) {
      ids.push(i);
      times.push(tNs + Math.min(windowNs - 1, Math.floor(rng.float53() * windowNs)));
    }
  }
  return sortedBatch(ids, times);
}

/**
 * Inhomogeneous Poisson spikes with rate `rateHz(i, tNs)` ≤ `maxHz` within [tNs, tNs + windowNs),
 * by thinning a homogeneous process at maxHz. A rate above maxHz throws (it would be cut silently).
 */
export function poissonEncodeRateFn(
  size: number, rateHz: (i: number, tNs: number) => number, maxHz: number, tNs: number, windowNs: number, rng: Rng,
): SpikeBatch {
  requirePositiveInt('size', size);
  requirePositive('maxHz', maxHz);
  requirePositive('windowNs', windowNs);
  const ids: number[] = [];
  const times: number[] = [];
  const meanGapNs = 1e9 / maxHz;
  for (let i = 0; i < size; i++) {
    let t = tNs - meanGapNs * Math.log(1 - rng.float53());
    while (t < tNs + windowNs) {
      const r = rateHz(i, t);
      if (!(r >= 0 && r <= maxHz)) {
        throw new ValidationError(`rateHz(${i}, ${Math.round(t)})`, r, `a rate in [0, ${maxHz}] Hz`, 'raise maxHz to bound the rate function');
      }
      if (rng.float53() * maxHz < r) {
        ids.push(i);
        times.push(Math.floor(t));
      }
      t -= meanGapNs * Math.log(1 - rng.float53());
    }
  }
  return sortedBatch(ids, times);
}

/** Builds a SpikeBatch sorted by time (stable in id). */
export function sortedBatch(ids: readonly number[], times: readonly number[]): SpikeBatch {
  const n = ids.length;
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || (ids[a] as number) - (ids[b] as number));
  const outIds = new Int32Array(n);
  const outT = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const j = order[k] as number;
    outIds[k] = ids[j] as number;
    outT[k] = times[j] as number;
  }
  return { ids: outIds, timesNs: outT, count: n };
}
