/**
 * Jansen–Rit neural mass, as in TVB `models/jansen_rit.py`: pyramidal (y0), excitatory (y1) and
 * inhibitory (y2) postsynaptic potentials and their derivatives (y3..y5). Long-range input c_0
 * (usually from SigmoidalJansenRit coupling of y1 − y2) enters the excitatory interneuron PSP.
 */
import type { MeanFieldModel } from './model.js';
import { fastExp } from '../../numerics/fast-exp.js';
import { mergeParams } from './params.js';

/** Jansen–Rit parameters (TVB names and units: mV, 1/ms). */
export interface JansenRitParams {
  A: number; B: number; a: number; b: number; v0: number; nu_max: number; r: number; J: number;
  a_1: number; a_2: number; a_3: number; a_4: number; mu: number;
  /** Local coupling strength `lc` (on y1 − y2). */
  lc: number;
}

/** TVB defaults (v0 = 5.52 mV; the original 1995 paper used 6 mV). */
export const JANSEN_RIT_DEFAULTS: Readonly<JansenRitParams> = Object.freeze({
  A: 3.25, B: 22, a: 0.1, b: 0.05, v0: 5.52, nu_max: 0.0025, r: 0.56, J: 135,
  a_1: 1, a_2: 0.8, a_3: 0.25, a_4: 0.25, mu: 0.22, lc: 0,
});

/** Creates a Jansen–Rit model with TVB defaults overridden by `params`. */
export function jansenRit(params?: Partial<JansenRitParams>): MeanFieldModel {
  const p = mergeParams('JansenRit', JANSEN_RIT_DEFAULTS as JansenRitParams, params);
  const { A, B, a, b, v0, r, J, mu } = p;
  const twoNu = 2 * p.nu_max;
  const Aa = A * a;
  const Bb = B * b;
  const a2 = a * a;
  const b2 = b * b;
  const a1J = p.a_1 * J;
  const a2J = p.a_2 * J;
  const a3J = p.a_3 * J;
  const a4J = p.a_4 * J;
  const lc = p.lc;
  // exp(r(v0 − a1J·y0)) = exp(r·v0)·u^m and exp(r(v0 − a3J·y0)) = exp(r·v0)·u with u = exp(−r·a3J·y0)
  // when a_1 = m·a_3 for a small integer m (TVB defaults: m = 4): one exp instead of two per node.
  // Likewise exp(r(v0 − v)) = exp(r·v0)·exp(−r v), and the two y0 sigmoids share one division.
  // Rounding differs from the textbook form by a few ulps (TVB vectors still match to 1e-9).
  const ratio = p.a_3 !== 0 ? p.a_1 / p.a_3 : Number.NaN;
  const m = Number.isInteger(ratio) && ratio >= 1 && ratio <= 8 ? ratio : 0;
  const erv0 = Math.exp(r * v0);
  return {
    name: 'JansenRit',
    params: Object.freeze({ ...p }),
    stateNames: ['y0', 'y1', 'y2', 'y3', 'y4', 'y5'],
    cvar: [1, 2],
    stateRange: [[-1, 1], [-500, 500], [-50, 50], [-6, 6], [-20, 20], [-500, 500]],
    nCouplingInputs: 1,
    dfun(x, c, n, dx) {
      for (let i = 0; i < n; i++) {
        const y0 = x[i] as number;
        const y1 = x[n + i] as number;
        const y2 = x[2 * n + i] as number;
        const y3 = x[3 * n + i] as number;
        const y4 = x[4 * n + i] as number;
        const y5 = x[5 * n + i] as number;
        const v = y1 - y2;
        const sPyr = twoNu / (1 + erv0 * fastExp(-r * v));
        let sExc: number;
        let sInh: number;
        if (m !== 0) {
          const u = fastExp(-r * a3J * y0);
          let um = u;
          if (m === 4) um = u * u * u * u;
          else for (let q = 1; q < m; q++) um *= u;
          // One division for both: twoNu/(D1 D2) · D2 and · D1 (unless D1 D2 overflows).
          const d1 = 1 + erv0 * um;
          const d2 = 1 + erv0 * u;
          const p12 = d1 * d2;
          if (p12 < Infinity) {
            const q12 = twoNu / p12;
            sExc = q12 * d2;
            sInh = q12 * d1;
          } else {
            sExc = twoNu / d1;
            sInh = twoNu / d2;
          }
        } else {
          sExc = twoNu / (1 + fastExp(r * (v0 - a1J * y0)));
          sInh = twoNu / (1 + fastExp(r * (v0 - a3J * y0)));
        }
        dx[i] = y3;
        dx[n + i] = y4;
        dx[2 * n + i] = y5;
        dx[3 * n + i] = Aa * sPyr - 2 * a * y3 - a2 * y0;
        dx[4 * n + i] = Aa * (mu + a2J * sExc + (c[i] as number) + lc * v) - 2 * a * y4 - a2 * y1;
        dx[5 * n + i] = Bb * (a4J * sInh) - 2 * b * y5 - b2 * y2;
      }
    },
    rateHz(x, n, out) {
      // Output rate of the pyramidal population: S(y1 - y2), in 1/ms → Hz.
      for (let i = 0; i < n; i++) {
        const v = (x[n + i] as number) - (x[2 * n + i] as number);
        out[i] = (1000 * twoNu) / (1 + Math.exp(r * (v0 - v)));
      }
    },
    observe(x, n, out) {
      for (let i = 0; i < n; i++) out[i] = (x[n + i] as number) - (x[2 * n + i] as number);
    },
  };
}

/** The Jansen–Rit sigmoid S(v) = 2 nu_max / (1 + exp(r (v0 − v))) in 1/ms. */
export function jansenRitSigmoid(v: number, params?: Partial<JansenRitParams>): number {
  const p = mergeParams('JansenRit', JANSEN_RIT_DEFAULTS as JansenRitParams, params);
  return (2 * p.nu_max) / (1 + Math.exp(p.r * (p.v0 - v)));
}
