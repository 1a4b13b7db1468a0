/**
 * Current injection: a sensor value becomes a DC current (nA) into a neuron, I = offsetNA +
 * nAPerUnit · x, clipped to [minNA, maxNA] with reporting. The simplest, noise-free encoding; with
 * a LIF neuron it gives the analytic f–I curve.
 */
import { ValidationError } from '../../core/errors.js';
import type { TransceiverContext } from '../../core/transceiver.js';
import { type ClipReport, clipInto, emptyClipReport, reportClip } from '../utilities/clip.js';
import { requireFinite, requireFiniteArray, requireLength, requirePositiveInt } from '../utilities/check.js';

/** Descriptor of a current-injection encoder. */
export interface CurrentEncoderDesc {
  readonly size: number;
  /** Gain (nA per sensor unit); a number for all channels or one per channel. */
  readonly nAPerUnit: number | readonly number[];
  readonly offsetNA?: number;
  readonly minNA: number;
  readonly maxNA: number;
}

/** State: the output buffer and the last clip report. */
export interface CurrentEncoderState {
  readonly desc: CurrentEncoderDesc;
  readonly gain: Float64Array;
  readonly raw: Float64Array;
  readonly clip: ClipReport;
}

/** Creates the state. */
export function createCurrentEncoder(desc: CurrentEncoderDesc): CurrentEncoderState {
  requirePositiveInt('currentEncoder.size', desc.size);
  requireFinite('currentEncoder.minNA', desc.minNA);
  requireFinite('currentEncoder.maxNA', desc.maxNA);
  if (!(desc.minNA <= desc.maxNA)) throw new ValidationError('currentEncoder.maxNA', desc.maxNA, `≥ minNA (${desc.minNA})`, 'swap the bounds');
  const gain = new Float64Array(desc.size);
  if (typeof desc.nAPerUnit === 'number') {
    requireFinite('currentEncoder.nAPerUnit', desc.nAPerUnit);
    gain.fill(desc.nAPerUnit);
  } else {
    requireLength('currentEncoder.nAPerUnit', desc.nAPerUnit, desc.size);
    requireFiniteArray('currentEncoder.nAPerUnit', desc.nAPerUnit);
    gain.set(desc.nAPerUnit);
  }
  return { desc, gain, raw: new Float64Array(desc.size), clip: emptyClipReport() };
}

/** Returns a fresh Float64Array of currents (nA) for `signal`. */
export function currentEncode(state: CurrentEncoderState, signal: ArrayLike<number>, ctx?: Pick<TransceiverContext, 'report' | 'tNs'>): Float64Array {
  requireLength('currentEncoder.signal', signal, state.desc.size);
  requireFiniteArray('currentEncoder.signal', signal);
  const off = state.desc.offsetNA ?? 0;
  for (let i = 0; i < state.desc.size; i++) state.raw[i] = off + (state.gain[i] as number) * (signal[i] as number);
  const out = new Float64Array(state.desc.size);
  clipInto(state.raw, state.desc.minNA, state.desc.maxNA, out, state.clip);
  if (ctx !== undefined) reportClip(ctx, 'currentEncoder.nA', state.clip, state.desc.minNA, state.desc.maxNA);
  return out;
}
