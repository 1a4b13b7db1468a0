/**
 * Spikes → rates (spiking side → TVB of the TVB–NEST scheme), as pure functions: a histogram rate
 * over the exchange window (elephant `time_histogram` then × 1/N), or a causal exponential-kernel
 * rate (elephant `instantaneous_rate` with a one-sided exponential kernel) read at the window end.
 */
import { ValidationError } from '../../core/errors.js';
import type { SpikeBatch } from '../../core/ports.js';

/** Mean rate per neuron (Hz) of the spikes with time in [t0Ns, t0Ns + windowNs), scaled by 1/N. */
export function histogramRateHz(spikes: SpikeBatch, t0Ns: number, windowNs: number, nNeurons: number): number {
  if (!(windowNs > 0)) throw new ValidationError('histogramRateHz.windowNs', windowNs, 'a positive window in ns', 'use the exchange period');
  if (!(nNeurons >= 1)) throw new ValidationError('histogramRateHz.nNeurons', nNeurons, 'a population size ≥ 1', 'give N');
  let c = 0;
  const t1 = t0Ns + windowNs;
  for (let k = 0; k < spikes.count; k++) {
    const t = spikes.timesNs[k] as number;
    if (t >= t0Ns && t < t1) c++;
  }
  return c / nNeurons / (windowNs * 1e-9);
}

/**
 * Causal exponential-kernel rate: r(t) = (1/N) Σ_spikes exp(−(t − t_s)/τ)/τ, carried across
 * windows in `state.rateHz` (Hz). Call once per window with that window's spikes.
 */
export function exponentialKernelRateHz(state: { rateHz: number; tNs: number }, spikes: SpikeBatch, tEndNs: number, tauMs: number, nNeurons: number): number {
  if (!(tauMs > 0)) throw new ValidationError('exponentialKernelRateHz.tauMs', tauMs, 'a positive time constant', 'use e.g. 5 ms');
  const tauNs = tauMs * 1e6;
  let r = state.rateHz * Math.exp(-(tEndNs - state.tNs) / tauNs);
  const amp = 1e9 / tauNs / nNeurons; // each spike adds 1/(N τ) in Hz
  for (let k = 0; k < spikes.count; k++) {
    const t = spikes.timesNs[k] as number;
    if (t <= tEndNs) r += amp * Math.exp(-(tEndNs - t) / tauNs);
  }
  state.rateHz = r;
  state.tNs = tEndNs;
  return r;
}
