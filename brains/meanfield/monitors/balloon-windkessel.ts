/**
 * Balloon–Windkessel haemodynamics (TVB `analyzers/fmri_balloon.py`): neural activity x(t) →
 * flow-inducing signal s, blood flow f, volume v, deoxyhaemoglobin q → BOLD, with the revised
 * coefficients (RBM) and the non-linear output. Times in seconds; Heun with dt = 1/sample rate.
 */
import { ValidationError } from '../../../core/errors.js';

/** Balloon model parameters (TVB names and defaults, s). */
export interface BalloonParams {
  tau_s: number; tau_f: number; tau_o: number; alpha: number; TE: number; V0: number; E0: number;
  epsilon: number; nu_0: number; r_0: number;
}

/** TVB defaults. */
export const BALLOON_DEFAULTS: Readonly<BalloonParams> = Object.freeze({
  tau_s: 1.54, tau_f: 1.44, tau_o: 0.98, alpha: 0.32, TE: 0.04, V0: 4.0, E0: 0.4, epsilon: 0.5, nu_0: 40.3, r_0: 25,
});

function deriv(p: BalloonParams, x: number, s: number, f: number, v: number, q: number, d: Float64Array): void {
  const vAlpha = Math.pow(v, 1 / p.alpha);
  d[0] = x - s / p.tau_s - (f - 1) / p.tau_f;
  d[1] = s;
  d[2] = (f - vAlpha) / p.tau_o;
  d[3] = ((f * (1 - Math.pow(1 - p.E0, 1 / f))) / p.E0 - (vAlpha * q) / v) / p.tau_o;
}

/** Non-linear BOLD output of the revised balloon model for volume v and deoxyhaemoglobin q. */
export function balloonBold(v: number, q: number, params: Partial<BalloonParams> = {}): number {
  const p = { ...BALLOON_DEFAULTS, ...params };
  const k1 = 4.3 * p.nu_0 * p.E0 * p.TE;
  const k2 = p.epsilon * p.r_0 * p.E0 * p.TE;
  const k3 = 1 - p.epsilon;
  return p.V0 * (k1 * (1 - q) + k2 * (1 - q / v) + k3 * (1 - v));
}

/**
 * Runs the balloon model on `x` (nTime × nNodes, row-major, sampled every `dtS` seconds), from the
 * resting state s = 0, f = v = q = 1, and returns BOLD with the same shape (sample k = state after
 * integrating input sample k).
 */
export function balloonWindkessel(x: Float64Array, nNodes: number, dtS: number, params: Partial<BalloonParams> = {}): Float64Array {
  if (!(dtS > 0)) throw new ValidationError('balloonWindkessel.dtS', dtS, 'a positive step in s', 'pass 1 / sample rate');
  if (x.length % nNodes !== 0) throw new ValidationError('balloonWindkessel.x', x.length, `a multiple of nNodes = ${nNodes}`, 'pass nTime × nNodes values');
  const p = { ...BALLOON_DEFAULTS, ...params };
  const nT = x.length / nNodes;
  const out = new Float64Array(x.length);
  const d1 = new Float64Array(4);
  const d2 = new Float64Array(4);
  for (let i = 0; i < nNodes; i++) {
    let s = 0, f = 1, v = 1, q = 1;
    for (let t = 0; t < nT; t++) {
      const xt = x[t * nNodes + i] as number;
      deriv(p, xt, s, f, v, q, d1);
      const s1 = s + dtS * (d1[0] as number), f1 = f + dtS * (d1[1] as number), v1 = v + dtS * (d1[2] as number), q1 = q + dtS * (d1[3] as number);
      deriv(p, xt, s1, f1, v1, q1, d2);
      s += (dtS * ((d1[0] as number) + (d2[0] as number))) / 2;
      f += (dtS * ((d1[1] as number) + (d2[1] as number))) / 2;
      v += (dtS * ((d1[2] as number) + (d2[2] as number))) / 2;
      q += (dtS * ((d1[3] as number) + (d2[3] as number))) / 2;
      out[t * nNodes + i] = balloonBold(v, q, p);
    }
  }
  return out;
}

/** Analytic steady state (s, f, v, q, BOLD) for a constant input x. */
export function balloonSteadyState(x: number, params: Partial<BalloonParams> = {}): { s: number; f: number; v: number; q: number; bold: number } {
  const p = { ...BALLOON_DEFAULTS, ...params };
  const f = 1 + p.tau_f * x;
  const v = Math.pow(f, p.alpha);
  const q = (v * (1 - Math.pow(1 - p.E0, 1 / f))) / p.E0;
  return { s: 0, f, v, q, bold: balloonBold(v, q, p) };
}
