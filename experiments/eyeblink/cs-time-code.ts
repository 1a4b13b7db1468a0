/**
 * Temporally staggered mossy-fibre code of a conditioned stimulus (Geminiani et al. 2022 use
 * staggered MF trains): while the CS is on, mossy fibre i fires as a Poisson process at `rateHz`
 * during its own window [τ_i, τ_i + windowMs) after CS onset, with τ_i spread evenly over
 * [0, csMs − windowMs]; otherwise at `backgroundHz`. Granule cells fed by neighbouring fibres
 * therefore carry elapsed time since CS onset, which the PF–PC rule needs to time the CR.
 * Pure function with explicit state (the detected onset), for a transceiver's `fn`.
 */
import type { SpikeBatch } from '../../core/ports.js';
import type { Rng } from '../../core/random.js';
import { poissonSpikes } from '../../transceivers/index.js';

/** Parameters of the code. */
export interface CsTimeCodeDesc {
  readonly fibres: number;
  readonly csMs: number;
  readonly windowMs: number;
  readonly rateHz: number;
  readonly backgroundHz: number;
}

/** Explicit state: when the CS came on (ns), or -1 while off. */
export interface CsTimeCodeState {
  onsetNs: number;
  readonly rates: Float64Array;
}

/** Creates the state. */
export function createCsTimeCode(desc: CsTimeCodeDesc): CsTimeCodeState {
  return { onsetNs: -1, rates: new Float64Array(desc.fibres) };
}

/**
 * Spikes for [tNs, tNs + windowNs) given whether the CS is sensed on at tNs. The onset is the
 * first sync point at which the CS is sensed; rates are evaluated at the window start.
 */
export function csTimeCode(desc: CsTimeCodeDesc, state: CsTimeCodeState, csOn: boolean, tNs: number, windowNs: number, rng: Rng): SpikeBatch {
  if (csOn && state.onsetNs < 0) state.onsetNs = tNs;
  if (!csOn) state.onsetNs = -1;
  const r = state.rates;
  if (state.onsetNs < 0) {
    r.fill(desc.backgroundHz);
  } else {
    const elapsedMs = (tNs - state.onsetNs) / 1e6;
    const span = Math.max(0, desc.csMs - desc.windowMs);
    for (let i = 0; i < desc.fibres; i++) {
      const tau = desc.fibres > 1 ? (i * span) / (desc.fibres - 1) : 0;
      r[i] = elapsedMs >= tau && elapsedMs < tau + desc.windowMs ? desc.rateHz : desc.backgroundHz;
    }
  }
  return poissonSpikes(r, tNs, windowNs, rng);
}
