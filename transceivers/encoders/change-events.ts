/**
 * Threshold (send-on-delta) coding of changes, as a DVS camera does: each channel keeps a
 * reference level; when the (optionally log) signal moves more than `threshold` from it, the
 * channel emits one ON or OFF event per threshold crossed and the reference moves by that many
 * thresholds. Works on a depth/intensity image (one channel per pixel) or on a scalar signal.
 * Output is a SpikeBatch with id = 2·channel (ON) or 2·channel + 1 (OFF), stamped at the sync time.
 *
 * Closed form (tested): a monotone change of total Δ from the reference yields floor(|Δ|/θ) events
 * of one polarity, and the reconstruction ref = x0 + Σ ±θ stays within θ of the signal.
 */
import type { SpikeBatch } from '../../core/ports.js';
import { requireFiniteArray, requireLength, requirePositive, requirePositiveInt } from '../utilities/check.js';
import { ValidationError } from '../../core/errors.js';

/** Descriptor of a change-event encoder. */
export interface ChangeEventDesc {
  /** Number of channels (pixels). */
  readonly size: number;
  /** Contrast threshold θ in the unit of the (log) signal. */
  readonly threshold: number;
  /** Use log(x + logEps) as DVS pixels do (default false: linear signal). */
  readonly log?: boolean;
  /** Offset inside the log (> 0), default 1e-3. */
  readonly logEps?: number;
  /** Cap on events per channel per call (refractory-like); above it the excess is reported. Default Infinity. */
  readonly maxEventsPerCall?: number;
}

/** State: reference level per channel; `initialised` false until the first frame. */
export interface ChangeEventState {
  readonly desc: ChangeEventDesc;
  readonly ref: Float64Array;
  initialised: boolean;
  /** Events that exceeded maxEventsPerCall at the last call (reported by the caller). */
  dropped: number;
}

/** Creates the state. */
export function createChangeEvents(desc: ChangeEventDesc): ChangeEventState {
  requirePositiveInt('changeEvents.size', desc.size);
  requirePositive('changeEvents.threshold', desc.threshold);
  if (desc.log === true) requirePositive('changeEvents.logEps', desc.logEps ?? 1e-3);
  const cap = desc.maxEventsPerCall ?? Infinity;
  if (!(cap >= 1)) throw new ValidationError('changeEvents.maxEventsPerCall', cap, '≥ 1', 'allow at least one event per call');
  return { desc, ref: new Float64Array(desc.size), initialised: false, dropped: 0 };
}

/** Encodes one frame at sync time `tNs`; the first frame only sets the references (no events). */
export function changeEventsEncode(state: ChangeEventState, frame: ArrayLike<number>, tNs: number): SpikeBatch {
  const { desc } = state;
  requireLength('changeEvents.frame', frame, desc.size);
  requireFiniteArray('changeEvents.frame', frame);
  const eps = desc.logEps ?? 1e-3;
  const cap = desc.maxEventsPerCall ?? Infinity;
  const ids: number[] = [];
  state.dropped = 0;
  for (let i = 0; i < desc.size; i++) {
    const raw = frame[i] as number;
    if (desc.log === true && raw + eps <= 0) {
      throw new ValidationError(`changeEvents.frame[${i}]`, raw, `> −logEps (${-eps}) for log coding`, 'pass non-negative intensities');
    }
    const x = desc.log === true ? Math.log(raw + eps) : raw;
    if (!state.initialised) {
      state.ref[i] = x;
      continue;
    }
    const d = x - (state.ref[i] as number);
    const n = Math.floor(Math.abs(d) / desc.threshold);
    if (n === 0) continue;
    const emit = Math.min(n, cap);
    state.dropped += n - emit;
    const id = d > 0 ? 2 * i : 2 * i + 1;
    for (let k = 0; k < emit; k++) ids.push(id);
    // The reference follows the signal by whole thresholds (also the dropped ones: no backlog).
    state.ref[i] = (state.ref[i] as number) + Math.sign(d) * n * desc.threshold;
  }
  state.initialised = true;
  const out = { ids: Int32Array.from(ids), timesNs: new Float64Array(ids.length).fill(tNs), count: ids.length };
  return out;
}
