/**
 * Leaky-integrator motor drive: y follows τ dy/dt = −y + u(t), integrated exactly.
 * - `leakyIntegrateAnalog`: u held constant over Δ (zero-order hold): y ← u + (y − u)·e^{−Δ/τ}.
 * - `leakyIntegrateSpikes`: u = w·τ·Σ δ(t − t_k) per channel, i.e. each spike makes y jump by w
 *   and decay with τ; the stationary mean for a train of rate ν is w·ν·τ (τ in s).
 * Turns spike trains or noisy rates into smooth motor commands (wheel speeds, torques).
 */
import { ValidationError } from '../../core/errors.js';
import type { SpikeBatch } from '../../core/ports.js';
import { requireFinite, requireLength, requirePositive, requirePositiveInt } from '../utilities/check.js';

/** State of a leaky integrator bank. */
export interface LeakyIntegratorState {
  readonly size: number;
  readonly tauNs: number;
  readonly y: Float64Array;
  lastNs: number;
}

/** Creates `size` integrators with time constant `tauMs`, starting at `initial` (default 0). */
export function createLeakyIntegrator(size: number, tauMs: number, initial = 0): LeakyIntegratorState {
  requirePositiveInt('leakyIntegrator.size', size);
  requirePositive('leakyIntegrator.tauMs', tauMs);
  requireFinite('leakyIntegrator.initial', initial);
  return { size, tauNs: tauMs * 1e6, y: new Float64Array(size).fill(initial), lastNs: Number.NaN };
}

/** Advances by `dtNs` with input `u` held constant; returns the state's output array. */
export function leakyIntegrateAnalog(state: LeakyIntegratorState, u: ArrayLike<number>, dtNs: number): Float64Array {
  requireLength('leakyIntegrator.u', u, state.size);
  if (!(dtNs >= 0)) throw new ValidationError('leakyIntegrator.dtNs', dtNs, '≥ 0', 'advance forward in time');
  const f = Math.exp(-dtNs / state.tauNs);
  for (let i = 0; i < state.size; i++) {
    const ui = u[i] as number;
    state.y[i] = ui + ((state.y[i] as number) - ui) * f;
  }
  return state.y;
}

/**
 * Advances to `tNs` adding each spike (channel = `channelOf[id]`, or id when omitted) with jump
 * `weight[channel]`; returns the state's output array.
 */
export function leakyIntegrateSpikes(state: LeakyIntegratorState, batch: SpikeBatch, tNs: number, weight: ArrayLike<number>, channelOf?: ArrayLike<number>): Float64Array {
  requireLength('leakyIntegrator.weight', weight, state.size);
  if (state.lastNs === state.lastNs) {
    if (tNs < state.lastNs) throw new ValidationError('leakyIntegrator.tNs', tNs, `≥ the last update (${state.lastNs})`, 'call with non-decreasing time');
    const f = Math.exp(-(tNs - state.lastNs) / state.tauNs);
    for (let i = 0; i < state.size; i++) state.y[i] = (state.y[i] as number) * f;
  }
  for (let k = 0; k < batch.count; k++) {
    const id = batch.ids[k] as number;
    const ch = channelOf === undefined ? id : (channelOf[id] as number | undefined) ?? -1;
    if (ch < 0) continue; // neuron not mapped to a motor channel (by design of channelOf)
    if (ch >= state.size) throw new ValidationError(`leakyIntegrator.channel(${id})`, ch, `in [0, ${state.size})`, 'map spikes to existing channels');
    const tk = batch.timesNs[k] as number;
    state.y[ch] = (state.y[ch] as number) + (weight[ch] as number) * Math.exp(-(tNs - tk) / state.tauNs);
  }
  state.lastNs = tNs;
  return state.y;
}
