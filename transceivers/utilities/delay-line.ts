/**
 * Delay lines for sensor and motor latency. The delay is an integer number of transceiver calls
 * (the delay in ns divided by the call period, which must divide it exactly: no rounding of time).
 * State is a preallocated ring buffer; before it fills, the line outputs the initial value.
 */
import { ValidationError } from '../../core/errors.js';
import { type SpikeBatch } from '../../core/ports.js';
import { requirePositiveInt } from './check.js';

/** Descriptor of an analog delay line. */
export interface DelayLineDesc {
  /** Number of channels. */
  readonly size: number;
  /** Latency (ns); a multiple of `periodNs` (0 = no delay). */
  readonly delayNs: number;
  /** Period at which `push` is called (ns), normally the bus sync period of the transceiver. */
  readonly periodNs: number;
  /** Value output before the line has filled (default 0). */
  readonly initial?: number;
}

/** State of an analog delay line. */
export interface DelayLineState {
  readonly steps: number;
  readonly ring: Float64Array;
  head: number;
  readonly size: number;
}

/** Number of calls a delay spans; throws if the delay is not a whole number of periods. */
export function delaySteps(delayNs: number, periodNs: number, field = 'delayNs'): number {
  requirePositiveInt('periodNs', periodNs);
  if (!(Number.isInteger(delayNs) && delayNs >= 0 && delayNs % periodNs === 0)) {
    throw new ValidationError(field, delayNs, `a non-negative multiple of periodNs (${periodNs} ns)`, 'round the latency to the sync period or change the period');
  }
  return delayNs / periodNs;
}

/** Creates the state of an analog delay line. */
export function createDelayLine(desc: DelayLineDesc): DelayLineState {
  requirePositiveInt('delayLine.size', desc.size);
  const steps = delaySteps(desc.delayNs, desc.periodNs, 'delayLine.delayNs');
  const ring = new Float64Array(Math.max(1, steps) * desc.size).fill(desc.initial ?? 0);
  return { steps, ring, head: 0, size: desc.size };
}

/**
 * Pushes the current value and writes the value pushed `steps` calls ago into `out`
 * (for steps = 0, `out` = `value`). Returns `out`.
 */
export function delayPush(state: DelayLineState, value: ArrayLike<number>, out: Float64Array = new Float64Array(state.size)): Float64Array {
  const n = state.size;
  if (value.length !== n) throw new ValidationError('delayLine.value', `length ${value.length}`, `length ${n}`, 'push one value per channel');
  if (state.steps === 0) {
    for (let i = 0; i < n; i++) out[i] = value[i] as number;
    return out;
  }
  const off = state.head * n;
  for (let i = 0; i < n; i++) {
    out[i] = state.ring[off + i] as number;
    state.ring[off + i] = value[i] as number;
  }
  state.head = (state.head + 1) % state.steps;
  return out;
}

/** State of a spike delay line (spikes re-emitted `delayNs` later, times shifted by the delay). */
export interface SpikeDelayState {
  readonly steps: number;
  readonly delayNs: number;
  readonly slots: { ids: number[]; timesNs: number[] }[];
  head: number;
}

/** Creates a spike delay line. */
export function createSpikeDelay(delayNs: number, periodNs: number): SpikeDelayState {
  const steps = delaySteps(delayNs, periodNs);
  const slots = Array.from({ length: Math.max(1, steps) }, () => ({ ids: [] as number[], timesNs: [] as number[] }));
  return { steps, delayNs, slots, head: 0 };
}

/** Pushes a batch and returns the batch pushed `steps` calls ago, with times shifted by delayNs. */
export function spikeDelayPush(state: SpikeDelayState, batch: SpikeBatch): SpikeBatch {
  if (state.steps === 0) {
    return { ids: batch.ids.slice(0, batch.count), timesNs: batch.timesNs.slice(0, batch.count), count: batch.count };
  }
  const slot = state.slots[state.head] as { ids: number[]; timesNs: number[] };
  const out: SpikeBatch = { ids: Int32Array.from(slot.ids), timesNs: Float64Array.from(slot.timesNs, (t) => t + state.delayNs), count: slot.ids.length };
  slot.ids.length = 0;
  slot.timesNs.length = 0;
  for (let k = 0; k < batch.count; k++) {
    slot.ids.push(batch.ids[k] as number);
    slot.timesNs.push(batch.timesNs[k] as number);
  }
  state.head = (state.head + 1) % state.steps;
  return out;
}
