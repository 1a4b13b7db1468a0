/**
 * Population-vector decoding: the estimate is the activity-weighted mean of the preferred values,
 * x̂ = Σ a_i c_i / Σ a_i (linear), or the angle of Σ a_i (cos φ_i, sin φ_i) (circular). Activities
 * are rates or counts (≥ 0). With no activity there is no estimate: the functions return NaN and
 * callers must handle it (it is never silently 0).
 *
 * Error bound (tested): for noiseless Gaussian tuning on an infinite lattice of spacing Δ, Poisson
 * summation gives |x̂ − x| ≤ (4πσ²/Δ) Σ_{m≥1} m·e^{−a m²} / (1 − 2 Σ_{m≥1} e^{−a m²}),
 * a = 2π²σ²/Δ² — negligible for σ ≥ Δ (≈ 3·10⁻⁹·Δ);
 * with Poisson counts n_i, Var(x̂) ≈ Σ λ_i (c_i − x)² / (Σ λ_i)² (delta method).
 */
import { ValidationError } from '../../core/errors.js';

/** Linear population vector over preferred values `centers`. NaN when Σ a_i = 0. */
export function populationVectorDecode(activity: ArrayLike<number>, centers: ArrayLike<number>): number {
  if (activity.length !== centers.length) {
    throw new ValidationError('populationVector.activity', `length ${activity.length}`, `length ${centers.length}`, 'one activity per preferred value');
  }
  let num = 0;
  let den = 0;
  for (let i = 0; i < activity.length; i++) {
    const a = activity[i] as number;
    if (!(a >= 0)) throw new ValidationError(`populationVector.activity[${i}]`, a, 'a rate or count ≥ 0', 'pass rates or counts');
    num += a * (centers[i] as number);
    den += a;
  }
  return den > 0 ? num / den : Number.NaN;
}

/** Circular population vector over preferred phases (rad): angle in (−π, π], NaN when the resultant is 0. */
export function circularPopulationVector(activity: ArrayLike<number>, phasesRad: ArrayLike<number>): number {
  if (activity.length !== phasesRad.length) {
    throw new ValidationError('circularPopulationVector.activity', `length ${activity.length}`, `length ${phasesRad.length}`, 'one activity per preferred phase');
  }
  let c = 0;
  let s = 0;
  for (let i = 0; i < activity.length; i++) {
    const a = activity[i] as number;
    if (!(a >= 0)) throw new ValidationError(`circularPopulationVector.activity[${i}]`, a, 'a rate or count ≥ 0', 'pass rates or counts');
    c += a * Math.cos(phasesRad[i] as number);
    s += a * Math.sin(phasesRad[i] as number);
  }
  return c === 0 && s === 0 ? Number.NaN : Math.atan2(s, c);
}

/** The lattice bias bound above for Gaussian tuning of width σ and spacing Δ. */
export function populationVectorBiasBound(sigma: number, spacing: number): number {
  const a = (2 * Math.PI * Math.PI * sigma * sigma) / (spacing * spacing);
  let num = 0;
  let den = 0;
  for (let m = 1; m <= 50; m++) {
    num += m * Math.exp(-a * m * m);
    den += Math.exp(-a * m * m);
  }
  if (2 * den >= 1) return Infinity; // tuning too narrow for the lattice: no useful bound
  return ((4 * Math.PI * sigma * sigma) / spacing) * num / (1 - 2 * den);
}
