/**
 * Wilson–Cowan excitatory/inhibitory rate model, as in TVB `models/wilson_cowan.py`.
 * Only the first coupling term enters, into the excitatory input (the code uses c_ii in the I
 * equation, not the c_ee of its docstring).
 */
import type { MeanFieldModel } from './model.js';
import { mergeParams } from './params.js';

/** Wilson–Cowan parameters (TVB names; time in ms). */
export interface WilsonCowanParams {
  c_ee: number; c_ei: number; c_ie: number; c_ii: number; tau_e: number; tau_i: number;
  a_e: number; b_e: number; c_e: number; theta_e: number; a_i: number; b_i: number; c_i: number; theta_i: number;
  r_e: number; r_i: number; k_e: number; k_i: number; P: number; Q: number; alpha_e: number; alpha_i: number;
  /** 1 = subtract S(0) so the sigmoid passes through 0 (TVB shift_sigmoid=True), 0 = not. */
  shift_sigmoid: number;
  /** Local (short-range) coupling strength `lc`. */
  lc: number;
}

/** TVB defaults. */
export const WILSON_COWAN_DEFAULTS: Readonly<WilsonCowanParams> = Object.freeze({
  c_ee: 12, c_ei: 4, c_ie: 13, c_ii: 11, tau_e: 10, tau_i: 10, a_e: 1.2, b_e: 2.8, c_e: 1, theta_e: 0,
  a_i: 1, b_i: 4, c_i: 1, theta_i: 0, r_e: 1, r_i: 1, k_e: 1, k_i: 1, P: 0, Q: 0, alpha_e: 1, alpha_i: 1,
  shift_sigmoid: 1, lc: 0,
});

/** Creates a Wilson–Cowan model with TVB defaults overridden by `params`. */
export function wilsonCowan(params?: Partial<WilsonCowanParams>): MeanFieldModel {
  const p = mergeParams('WilsonCowan', WILSON_COWAN_DEFAULTS as WilsonCowanParams, params);
  const shiftE = p.shift_sigmoid !== 0 ? p.c_e / (1 + Math.exp(p.a_e * p.b_e)) : 0;
  const shiftI = p.shift_sigmoid !== 0 ? p.c_i / (1 + Math.exp(p.a_i * p.b_i)) : 0;
  return {
    name: 'WilsonCowan',
    stateNames: ['E', 'I'],
    cvar: [0, 1],
    stateRange: [[0, 1], [0, 1]],
    nCouplingInputs: 1,
    rateUnit: 'a.u.',
    dfun(x, c, n, dx) {
      for (let i = 0; i < n; i++) {
        const E = x[i] as number;
        const I = x[n + i] as number;
        const c0 = c[i] as number;
        const lc = p.lc * E + p.lc * I;
        const xe = p.alpha_e * (p.c_ee * E - p.c_ei * I + p.P - p.theta_e + c0 + lc);
        const xi = p.alpha_i * (p.c_ie * E - p.c_ii * I + p.Q - p.theta_i + lc);
        const se = p.c_e / (1 + Math.exp(-p.a_e * (xe - p.b_e))) - shiftE;
        const si = p.c_i / (1 + Math.exp(-p.a_i * (xi - p.b_i))) - shiftI;
        dx[i] = (-E + (p.k_e - p.r_e * E) * se) / p.tau_e;
        dx[n + i] = (-I + (p.k_i - p.r_i * I) * si) / p.tau_i;
      }
    },
    rateHz(x, n, out) {
      // E is a dimensionless activity (fraction of active cells); reported as is, not in Hz.
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
    },
    observe(x, n, out) {
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
    },
  };
}
