/**
 * Place/phase coding of a periodic variable (joint angle, heading, gait phase): N neurons with
 * preferred phases φ_i = 2π·i/N and von Mises tuning, r_i(θ) = baselineHz + peakHz ·
 * exp(κ(cos(θ − φ_i) − 1)). There is no edge: θ and θ + 2π give identical rates. Decode with
 * `circularPopulationVector`.
 */
import { requireFinite, requireNonNegative, requirePositive, requirePositiveInt } from '../utilities/check.js';
import { ValidationError } from '../../core/errors.js';

/** Descriptor of a phase code. */
export interface PhaseCodeDesc {
  readonly size: number;
  /** Concentration κ (> 0; larger = narrower tuning; κ ≈ 1/σ² for small σ in rad). */
  readonly kappa: number;
  readonly peakHz: number;
  readonly baselineHz?: number;
}

/** Resolved phase code: preferred phases (rad). */
export interface PhaseCode {
  readonly desc: PhaseCodeDesc;
  readonly phases: Float64Array;
}

/** Validates and resolves a phase code. */
export function createPhaseCode(desc: PhaseCodeDesc): PhaseCode {
  requirePositiveInt('phaseCode.size', desc.size);
  if (desc.size < 3) throw new ValidationError('phaseCode.size', desc.size, '≥ 3', 'use at least three neurons to cover the circle');
  requirePositive('phaseCode.kappa', desc.kappa);
  requirePositive('phaseCode.peakHz', desc.peakHz);
  requireNonNegative('phaseCode.baselineHz', desc.baselineHz ?? 0);
  const phases = new Float64Array(desc.size);
  for (let i = 0; i < desc.size; i++) phases[i] = (2 * Math.PI * i) / desc.size;
  return { desc, phases };
}

/** Writes the rates (Hz) for angle `thetaRad` into `outHz` and returns it. */
export function phaseRates(code: PhaseCode, thetaRad: number, outHz: Float64Array = new Float64Array(code.desc.size)): Float64Array {
  requireFinite('phaseCode.thetaRad', thetaRad);
  const base = code.desc.baselineHz ?? 0;
  for (let i = 0; i < code.desc.size; i++) {
    outHz[i] = base + code.desc.peakHz * Math.exp(code.desc.kappa * (Math.cos(thetaRad - (code.phases[i] as number)) - 1));
  }
  return outHz;
}
