/**
 * Rates → spikes (TVB → spiking side of the TVB–NEST scheme), as pure functions.
 *
 * 'independent' (tvb-multiscale's SPIKES model): `nNeurons` independent inhomogeneous Poisson trains,
 *   each at the region's rate — what N source neurons of the mean-field region would emit.
 * 'shared' (the default RATE model: one NEST inhomogeneous_poisson_generator per proxy node with
 *   rate scaled by N): a single train at N × rate, delivered as neuron 0.
 * Within each bin of `binNs` the rate is constant; by superposition the number of spikes of N
 * independent trains in a bin is Poisson(N·r·Δt) with uniformly chosen neurons and times, which is
 * how they are drawn (exact, and O(spikes) instead of O(N)).
 */
import { ValidationError } from '../../core/errors.js';
import type { Rng } from '../../core/random.js';
import type { SpikeBuffer } from './spike-buffer.js';

/** Poisson generation mode. */
export type PoissonMode = 'independent' | 'shared';

/**
 * Appends the spikes of [t0Ns, t0Ns + ratesHz.length·binNs) to `out`: bin k has rate ratesHz[k]
 * (Hz, negative rates are an error, TVB floors them at 0 explicitly). Times are integer ns.
 */
export function poissonSpikes(ratesHz: ArrayLike<number>, binNs: number, t0Ns: number, nNeurons: number, mode: PoissonMode, rng: Rng, out: SpikeBuffer): void {
  if (!Number.isInteger(nNeurons) || nNeurons < 1) throw new ValidationError('poissonSpikes.nNeurons', nNeurons, 'an integer ≥ 1', 'give the population size');
  if (!Number.isInteger(binNs) || binNs < 1) throw new ValidationError('poissonSpikes.binNs', binNs, 'a positive integer number of ns', 'use the spiking engine step, e.g. 100000');
  const binS = binNs * 1e-9;
  for (let k = 0; k < ratesHz.length; k++) {
    const r = ratesHz[k] as number;
    if (!(r >= 0) || !Number.isFinite(r)) {
      throw new ValidationError(`poissonSpikes.ratesHz[${k}]`, r, 'a finite rate ≥ 0 Hz', 'floor rates at 0 (TVB uses max(0, rate)) and check the upstream scale');
    }
    const lambda = nNeurons * r * binS;
    const count = rng.poisson(lambda);
    const tb = t0Ns + k * binNs;
    for (let s = 0; s < count; s++) {
      const id = mode === 'shared' ? 0 : rng.int(nNeurons);
      out.push(id, tb + Math.floor(rng.float53() * binNs));
    }
  }
}
