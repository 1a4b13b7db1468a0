/**
 * Regular-rate coding: each channel fires a perfectly regular train at the rate its gain gives
 * (a phase accumulator integrates rate over time and fires when it reaches a whole cycle, so the
 * train is exact across windows and rate changes). Closed form: with a constant rate r starting at
 * phase 0, spikes fall at k/r (k = 0, 1, ...), and a window of length T starting at phase φ holds
 * ceil(φ + r·T) − ceil(φ) spikes.
 */
import { ValidationError } from '../../core/errors.js';
import type { SpikeBatch } from '../../core/ports.js';
import type { TransceiverContext } from '../../core/transceiver.js';
import { type ClipReport, emptyClipReport, reportClip } from '../utilities/clip.js';
import { requireFiniteArray, requireLength, requirePositive, requirePositiveInt } from '../utilities/check.js';
import { sortedBatch } from './poisson-rate.js';
import { type RateGainDesc, applyRateGain, checkRateGain } from './rate-gain.js';

/** Descriptor of a regular-rate encoder. */
export interface RegularEncoderDesc {
  readonly size: number;
  readonly gain: RateGainDesc;
  /** Initial phase of each channel in cycles, [0, 1) (default 0: first spike at the start). */
  readonly initialPhase?: number;
}

/** Explicit state: per-channel cycles left until the next spike, and rate buffer. */
export interface RegularEncoderState {
  readonly desc: RegularEncoderDesc;
  readonly toNextCycles: Float64Array;
  readonly ratesHz: Float64Array;
  readonly clip: ClipReport;
}

/** Creates the state. */
export function createRegularEncoder(desc: RegularEncoderDesc): RegularEncoderState {
  requirePositiveInt('regularEncoder.size', desc.size);
  checkRateGain('regularEncoder.gain', desc.gain);
  const phase = desc.initialPhase ?? 0;
  if (!(phase >= 0 && phase < 1)) throw new ValidationError('regularEncoder.initialPhase', phase, 'a phase in [0, 1) cycles', 'give the fraction of a cycle already elapsed');
  return { desc, toNextCycles: new Float64Array(desc.size).fill(phase === 0 ? 0 : 1 - phase), ratesHz: new Float64Array(desc.size), clip: emptyClipReport() };
}

/** Emits the regular spikes of [tNs, tNs + windowNs) for the rates `signal` sets. */
export function regularEncode(
  state: RegularEncoderState, signal: ArrayLike<number>, tNs: number, windowNs: number, ctx?: Pick<TransceiverContext, 'report' | 'tNs'>,
): SpikeBatch {
  requireLength('regularEncoder.signal', signal, state.desc.size);
  requireFiniteArray('regularEncoder.signal', signal);
  requirePositive('windowNs', windowNs);
  applyRateGain(state.desc.gain, signal, state.ratesHz, state.clip);
  if (ctx !== undefined) reportClip(ctx, 'regularEncoder.rateHz', state.clip, 0, state.desc.gain.maxHz);
  const ids: number[] = [];
  const times: number[] = [];
  const windowS = windowNs * 1e-9;
  for (let i = 0; i < state.desc.size; i++) {
    const r = state.ratesHz[i] as number;
    let rem = state.toNextCycles[i] as number;
    if (r > 0) {
      // A spike belongs to the window its rounded ns time falls in; each is emitted exactly once.
      let usedS = 0;
      for (;;) {
        const tS = usedS + rem / r;
        const offNs = Math.round(tS * 1e9);
        if (offNs >= windowNs) break;
        ids.push(i);
        times.push(tNs + offNs);
        usedS = tS;
        rem = 1;
      }
      rem -= (windowS - usedS) * r;
      if (rem < 0) rem = 0; // due at the start of the next window (float round-off only)
    }
    state.toNextCycles[i] = rem;
  }
  return sortedBatch(ids, times);
}
