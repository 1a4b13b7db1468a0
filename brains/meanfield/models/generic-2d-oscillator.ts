/**
 * TVB's Generic2dOscillator (`models/oscillator.py`): a FitzHugh–Nagumo-like planar system whose
 * defaults give an excitable focus with an intrinsic frequency near 10 Hz.
 */
import type { MeanFieldModel } from './model.js';
import { mergeParams } from './params.js';

/** Generic2dOscillator parameters (TVB names). */
export interface Generic2dOscillatorParams {
  tau: number; I: number; a: number; b: number; c: number; d: number; e: number; f: number; g: number;
  alpha: number; beta: number; gamma: number;
  /** Local coupling strength `lc` (on V). */
  lc: number;
}

/** TVB defaults. */
export const GENERIC_2D_OSCILLATOR_DEFAULTS: Readonly<Generic2dOscillatorParams> = Object.freeze({
  tau: 1, I: 0, a: -2, b: -10, c: 0, d: 0.02, e: 3, f: 1, g: 0, alpha: 1, beta: 1, gamma: 1, lc: 0,
});

/** Creates a Generic2dOscillator with TVB defaults overridden by `params`. */
export function generic2dOscillator(params?: Partial<Generic2dOscillatorParams>): MeanFieldModel {
  const p = mergeParams('Generic2dOscillator', GENERIC_2D_OSCILLATOR_DEFAULTS as Generic2dOscillatorParams, params);
  return {
    name: 'Generic2dOscillator',
    stateNames: ['V', 'W'],
    cvar: [0],
    stateRange: [[-2, 4], [-6, 6]],
    nCouplingInputs: 1,
    rateUnit: 'a.u.',
    dfun(x, c, n, dx) {
      for (let i = 0; i < n; i++) {
        const V = x[i] as number;
        const W = x[n + i] as number;
        const c0 = c[i] as number;
        dx[i] = p.d * p.tau * (p.alpha * W - p.f * V * V * V + p.e * V * V + p.g * V + p.gamma * p.I + p.gamma * c0 + p.lc * V);
        dx[n + i] = (p.d * (p.a + p.b * V + p.c * V * V - p.beta * W)) / p.tau;
      }
    },
    rateHz(x, n, out) {
      // V is a dimensionless activity; reported as is.
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
    },
    observe(x, n, out) {
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
    },
  };
}
