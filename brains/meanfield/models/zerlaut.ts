/**
 * Zerlaut / di Volo AdEx mean field, first order (TVB `models/zerlaut.py`,
 * `ZerlautAdaptationFirstOrder`): excitatory and inhibitory rates E, I (kHz), adaptation W_e, W_i
 * (pA) and an Ornstein–Uhlenbeck drift. The transfer functions are the semi-analytic fits of
 * Zerlaut et al. 2018 / di Volo et al. 2019 with TVB's default polynomial coefficients.
 */
import { erfc } from './erfc.js';
import type { MeanFieldModel } from './model.js';
import { mergeParams } from './params.js';

/** Zerlaut first-order parameters (TVB names; nS, pF, mV, ms, pA). */
export interface ZerlautParams {
  g_L: number; E_L_e: number; E_L_i: number; C_m: number; b_e: number; a_e: number; b_i: number; a_i: number;
  tau_w_e: number; tau_w_i: number; E_e: number; E_i: number; Q_e: number; Q_i: number; tau_e: number; tau_i: number;
  N_tot: number; p_connect_e: number; p_connect_i: number; g: number; K_ext_e: number; K_ext_i: number; T: number;
  external_input_ex_ex: number; external_input_ex_in: number; external_input_in_ex: number; external_input_in_in: number;
  tau_OU: number; weight_noise: number; S_i: number;
  /** Local coupling strength `lc`. */
  lc: number;
}

/** TVB defaults. */
export const ZERLAUT_DEFAULTS: Readonly<ZerlautParams> = Object.freeze({
  g_L: 10, E_L_e: -65, E_L_i: -65, C_m: 200, b_e: 60, a_e: 4, b_i: 0, a_i: 0, tau_w_e: 500, tau_w_i: 1,
  E_e: 0, E_i: -80, Q_e: 1.5, Q_i: 5, tau_e: 5, tau_i: 5, N_tot: 10000, p_connect_e: 0.05, p_connect_i: 0.05,
  g: 0.2, K_ext_e: 400, K_ext_i: 0, T: 20, external_input_ex_ex: 0, external_input_ex_in: 0,
  external_input_in_ex: 0, external_input_in_in: 0, tau_OU: 5, weight_noise: 10.5, S_i: 1, lc: 0,
});

/** TVB default threshold polynomial of excitatory cells (P_e, 10 coefficients). */
export const ZERLAUT_P_E: readonly number[] = Object.freeze([
  -0.04983106, 0.005063550882777035, -0.023470121807314552, 0.0022951513725067503, -0.0004105302652029825,
  0.010547051343547399, -0.03659252821136933, 0.007437487505797858, 0.001265064721846073, -0.04072161294490446,
]);
/** TVB default threshold polynomial of inhibitory cells (P_i, 10 coefficients). */
export const ZERLAUT_P_I: readonly number[] = Object.freeze([
  -0.05149122024209484, 0.004003689190271077, -0.008352013668528155, 0.0002414237992765705, -0.0005070645080016026,
  0.0014345394104282397, -0.014686689498949967, 0.004502706285435741, 0.0028472190352532454, -0.015357804594594548,
]);

/** Mean, standard deviation and autocorrelation time of the membrane potential. */
export interface FluctuationRegime {
  muV: number;
  sigmaV: number;
  tauV: number;
}

/** The Zerlaut model plus its transfer functions (exposed for tests and spiking-side matching). */
export interface ZerlautModel extends MeanFieldModel {
  readonly params: Readonly<ZerlautParams>;
  /** Membrane fluctuation regime for rates fe, fi (kHz), external rates and adaptation W (pA). */
  fluct(fe: number, fi: number, feExt: number, fiExt: number, W: number, EL: number): FluctuationRegime;
  /** Excitatory transfer function (kHz). */
  tfE(fe: number, fi: number, feExt: number, fiExt: number, W: number): number;
  /** Inhibitory transfer function (kHz). */
  tfI(fe: number, fi: number, feExt: number, fiExt: number, W: number): number;
}

/** Creates the first-order Zerlaut AdEx mean field with TVB defaults overridden by `params`. */
export function zerlautFirstOrder(params?: Partial<ZerlautParams>, Pe: readonly number[] = ZERLAUT_P_E, Pi: readonly number[] = ZERLAUT_P_I): ZerlautModel {
  const p = mergeParams('ZerlautAdaptationFirstOrder', ZERLAUT_DEFAULTS as ZerlautParams, params);
  const reg: FluctuationRegime = { muV: 0, sigmaV: 0, tauV: 0 };

  function fluctInto(out: FluctuationRegime, Fe: number, Fi: number, FeExt: number, FiExt: number, W: number, EL: number): void {
    const fe = (Fe + 1e-6) * (1 - p.g) * p.p_connect_e * p.N_tot + FeExt * p.K_ext_e;
    const fi = (Fi + 1e-6) * p.g * p.p_connect_i * p.N_tot + FiExt * p.K_ext_i;
    const muGe = p.Q_e * p.tau_e * fe;
    const muGi = p.Q_i * p.tau_i * fi;
    const muG = p.g_L + muGe + muGi;
    const Tm = p.C_m / muG;
    const muV = (muGe * p.E_e + muGi * p.E_i + p.g_L * EL - W) / muG;
    const Ue = (p.Q_e / muG) * (p.E_e - muV);
    const Ui = (p.Q_i / muG) * (p.E_i - muV);
    const ae = fe * (Ue * p.tau_e) ** 2;
    const ai = fi * (Ui * p.tau_i) ** 2;
    out.muV = muV;
    out.sigmaV = Math.sqrt(ae / (2 * (p.tau_e + Tm)) + ai / (2 * (p.tau_i + Tm)));
    out.tauV = (ae + ai) / (ae / (p.tau_e + Tm) + ai / (p.tau_i + Tm));
  }

  function tf(Fe: number, Fi: number, FeExt: number, FiExt: number, W: number, P: readonly number[], EL: number): number {
    fluctInto(reg, Fe, Fi, FeExt, FiExt, W, EL);
    const { muV, sigmaV, tauV } = reg;
    const V = (muV + 60) / 10;
    const S = (sigmaV - 4) / 6;
    // Normalised with the resting g_L/C_m, as TVB does.
    const Tn = (tauV * p.g_L) / p.C_m - 0.5;
    const vThre = 1e3 * ((P[0] as number) + (P[1] as number) * V + (P[2] as number) * S + (P[3] as number) * Tn +
      (P[4] as number) * V * V + (P[5] as number) * S * S + (P[6] as number) * Tn * Tn + (P[7] as number) * V * S +
      (P[8] as number) * V * Tn + (P[9] as number) * S * Tn);
    return erfc((vThre - muV) / (Math.SQRT2 * sigmaV)) / (2 * tauV);
  }

  const tfE = (fe: number, fi: number, feExt: number, fiExt: number, W: number): number => tf(fe, fi, feExt, fiExt, W, Pe, p.E_L_e);
  const tfI = (fe: number, fi: number, feExt: number, fiExt: number, W: number): number => tf(fe, fi, feExt, fiExt, W, Pi, p.E_L_i);

  return {
    name: 'ZerlautAdaptationFirstOrder',
    params: p,
    stateNames: ['E', 'I', 'W_e', 'W_i', 'ou_drift'],
    cvar: [0],
    stateRange: [[1e-3, 0.25], [1e-3, 0.25], [0, 200], [0, 0], [0, 0]],
    boundaries: [[0, undefined], [0, undefined], undefined, undefined, undefined],
    nCouplingInputs: 1,
    fluct(fe, fi, feExt, fiExt, W, EL) {
      const out: FluctuationRegime = { muV: 0, sigmaV: 0, tauV: 0 };
      fluctInto(out, fe, fi, feExt, fiExt, W, EL);
      return out;
    },
    tfE,
    tfI,
    dfun(x, c, n, dx) {
      for (let i = 0; i < n; i++) {
        const E = x[i] as number;
        const I = x[n + i] as number;
        const We = x[2 * n + i] as number;
        const Wi = x[3 * n + i] as number;
        const ou = x[4 * n + i] as number;
        let feExt = (c[i] as number) + p.lc * E + p.weight_noise * ou;
        if (feExt * p.K_ext_e < 0) feExt = 0;
        const fiExt = p.lc * I;
        const feEx = feExt + p.external_input_ex_ex;
        const fiEx = fiExt + p.external_input_ex_in;
        const feIn = feExt + p.external_input_in_ex;
        const fiIn = fiExt + p.external_input_in_in;
        dx[i] = (tf(E, I, feEx, fiEx, We, Pe, p.E_L_e) - E) / p.T;
        dx[n + i] = (tf(E, I, feIn, fiIn, Wi, Pi, p.E_L_i) - I) / p.T;
        fluctInto(reg, E, I, feEx, fiEx, We, p.E_L_e);
        dx[2 * n + i] = -We / p.tau_w_e + p.b_e * E + (p.a_e * (reg.muV - p.E_L_e)) / p.tau_w_e;
        fluctInto(reg, E, I, feIn, fiIn, Wi, p.E_L_i);
        dx[3 * n + i] = -Wi / p.tau_w_i + p.b_i * I + (p.a_i * (reg.muV - p.E_L_i)) / p.tau_w_i;
        dx[4 * n + i] = -ou / p.tau_OU;
      }
    },
    rateHz(x, n, out) {
      for (let i = 0; i < n; i++) out[i] = 1000 * (x[i] as number);
    },
    observe(x, n, out) {
      for (let i = 0; i < n; i++) out[i] = x[i] as number;
    },
  };
}
