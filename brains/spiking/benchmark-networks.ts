/**
 * The standard benchmark networks as NetworkDescs, parameter for parameter the same as the Brian2
 * peer scripts in bench/peers/brian2/ (so statistics can be compared side by side):
 *  - COBA: Brette et al. 2007 benchmark 1 as in Brian2's benchmark suite (Vogels & Abbott 2005
 *    network; 80 % E / 20 % I, p = 80/N, conductance jumps 0.6·g_L and 6.7·g_L, τ 5/10 ms,
 *    refractory 5 ms, constant drive 20 mV·g_L), IF_cond_exp;
 *  - CUBA: Brian2's CUBA example (El −49 mV, we 1.62 mV, wi −9 mV as currents), IF_curr_exp;
 *  - Brunel 2000 model A (N_E = 4 N_I, C_E = 0.1·N_E in-degree, J 0.1 mV, g 5, D 1.5 ms,
 *    ν_ext = 2 ν_thr as independent Poisson drive), IF_curr_delta.
 * `n` scales the network; the in-degree stays 80 (COBA/CUBA) or C_E = 1000 (Brunel at 12.5k).
 */
import type { NetworkDescInput } from '../network/network-desc.js';

/** COBA with n neurons (default 4000). In-degree fixed at 80 via p = 80/n. */
export function cobaNetwork(n = 4000, timestepMs = 0.1): NetworkDescInput {
  const ne = Math.round(0.8 * n);
  const ni = n - ne;
  const gL = 0.2 / 20; // µS (cm 0.2 nF, tau_m 20 ms)
  const params = { cm: 0.2, tau_m: 20, v_rest: -60, v_reset: -60, v_thresh: -50, tau_refrac: 5, tau_syn_E: 5, tau_syn_I: 10, e_rev_E: 0, e_rev_I: -80, i_offset: 20 * gL };
  const p = Math.min(1, 80 / n);
  const init = { v: { distribution: 'uniform' as const, low: -60, high: -50 } };
  return {
    timestepMs,
    populations: [
      { label: 'E', size: ne, cellType: 'IF_cond_exp', params, initial: init },
      { label: 'I', size: ni, cellType: 'IF_cond_exp', params, initial: init },
    ],
    projections: [
      { label: 'EE', pre: 'E', post: 'E', connector: { type: 'FixedProbability', p }, synapse: { type: 'StaticSynapse', weight: 0.6 * gL, delay: timestepMs }, receptor: 'excitatory' },
      { label: 'EI', pre: 'E', post: 'I', connector: { type: 'FixedProbability', p }, synapse: { type: 'StaticSynapse', weight: 0.6 * gL, delay: timestepMs }, receptor: 'excitatory' },
      { label: 'IE', pre: 'I', post: 'E', connector: { type: 'FixedProbability', p }, synapse: { type: 'StaticSynapse', weight: 6.7 * gL, delay: timestepMs }, receptor: 'inhibitory' },
      { label: 'II', pre: 'I', post: 'I', connector: { type: 'FixedProbability', p }, synapse: { type: 'StaticSynapse', weight: 6.7 * gL, delay: timestepMs }, receptor: 'inhibitory' },
    ],
    recorders: [{ kind: 'population', population: 'E', variables: ['spikes'] }, { kind: 'population', population: 'I', variables: ['spikes'] }],
  };
}

/** CUBA with n neurons (default 4000); dv/dt = (ge + gi − (v − El))/τm in PyNN units (cm 1 nF ⇒ i = ge/τm). */
export function cubaNetwork(n = 4000, timestepMs = 0.1): NetworkDescInput {
  const ne = Math.round(0.8 * n);
  const ni = n - ne;
  const params = { cm: 1, tau_m: 20, v_rest: -49, v_reset: -60, v_thresh: -50, tau_refrac: 5, tau_syn_E: 5, tau_syn_I: 10, i_offset: 0 };
  const p = Math.min(1, 80 / n);
  const we = 1.62 / 20; // nA
  const wi = -9 / 20;
  const init = { v: { distribution: 'uniform' as const, low: -60, high: -50 } };
  const proj = (label: string, pre: string, post: string, w: number, receptor: string) => ({ label, pre, post, connector: { type: 'FixedProbability' as const, p }, synapse: { type: 'StaticSynapse' as const, weight: w, delay: timestepMs }, receptor });
  return {
    timestepMs,
    populations: [
      { label: 'E', size: ne, cellType: 'IF_curr_exp', params, initial: init },
      { label: 'I', size: ni, cellType: 'IF_curr_exp', params, initial: init },
    ],
    projections: [proj('EE', 'E', 'E', we, 'excitatory'), proj('EI', 'E', 'I', we, 'excitatory'), proj('IE', 'I', 'E', wi, 'inhibitory'), proj('II', 'I', 'I', wi, 'inhibitory')],
    recorders: [{ kind: 'population', population: 'E', variables: ['spikes'] }, { kind: 'population', population: 'I', variables: ['spikes'] }],
  };
}

/** Brunel 2000 (model A, g = 5, ν_ext/ν_thr = 2) with n neurons (default 12,500). */
export function brunelNetwork(n = 12500, timestepMs = 0.1): NetworkDescInput {
  const ne = Math.round(0.8 * n);
  const ni = n - ne;
  const ce = Math.round(0.1 * ne);
  const ci = Math.round(0.1 * ni);
  const J = 0.1;
  const g = 5;
  const tau = 20;
  const theta = 20;
  const nuThr = (theta / (J * ce * tau)) * 1000; // Hz
  const nuExt = 2 * nuThr;
  const params = { cm: 1, tau_m: tau, v_rest: 0, v_reset: 10, v_thresh: theta, tau_refrac: 2, i_offset: 0 };
  const init = { v: { distribution: 'uniform' as const, low: 0, high: theta } };
  const rec = (label: string, pre: string, post: string, n_: number, w: number, receptor: string) => ({ label, pre, post, connector: { type: 'FixedNumberPre' as const, n: n_, withReplacement: true }, synapse: { type: 'StaticSynapse' as const, weight: w, delay: 1.5 }, receptor });
  return {
    timestepMs,
    populations: [
      { label: 'E', size: ne, cellType: 'IF_curr_delta', params, initial: init },
      { label: 'I', size: ni, cellType: 'IF_curr_delta', params, initial: init },
      { label: 'extE', size: ne, cellType: 'SpikeSourcePoisson', params: { rate: ce * nuExt } },
      { label: 'extI', size: ni, cellType: 'SpikeSourcePoisson', params: { rate: ce * nuExt } },
    ],
    projections: [
      rec('EE', 'E', 'E', ce, J, 'excitatory'), rec('IE', 'I', 'E', ci, -g * J, 'inhibitory'),
      rec('EI', 'E', 'I', ce, J, 'excitatory'), rec('II', 'I', 'I', ci, -g * J, 'inhibitory'),
      { label: 'xE', pre: 'extE', post: 'E', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: J, delay: timestepMs }, receptor: 'excitatory' },
      { label: 'xI', pre: 'extI', post: 'I', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: J, delay: timestepMs }, receptor: 'excitatory' },
    ],
    recorders: [{ kind: 'population', population: 'E', variables: ['spikes'] }, { kind: 'population', population: 'I', variables: ['spikes'] }],
  };
}
