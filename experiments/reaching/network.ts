/**
 * The cerebellar module of the reaching experiment as a backend-neutral NetworkDesc (PyNN units:
 * µS, ms, nA), after the adaptive-control loop of D'Angelo & Jirsa's Box 2 (Luque et al. 2011,
 * Casellato et al. 2014): mossy fibres (MF) carry the desired state as time in the reach, granule
 * cells (GrC) expand it, Purkinje cells (PC) read the parallel fibres through the PF–PC rule taught
 * by inferior-olive cells (IO, one per PC), and deep cerebellar nuclei (DCN), excited by the MFs and
 * inhibited by their channel's PCs, give the corrective drive.
 *
 * Channels: one push–pull pair per joint (`shoulder+`, `shoulder−`, `elbow+`, `elbow−`); channel c
 * owns PCs [c·pcPerChannel, (c+1)·pcPerChannel) and DCN cells likewise. The IO of a `+` channel
 * fires more when the joint is below its desired angle, so LTD lowers that channel's PC rate,
 * disinhibits its DCN and adds torque toward +.
 *
 * MF and IO are Poisson sources whose rates the transceivers set (rate input ports).
 */
import type { NetworkDescInput, ProjectionDesc, SynapseDesc } from '../../brains/network/network-desc.js';
import { Rng } from '../../core/random.js';

/** Channel names, in population order. */
export const CHANNELS = ['shoulder+', 'shoulder-', 'elbow+', 'elbow-'] as const;

/** Sizes of the module. */
export interface ReachingCerebellumScale {
  readonly mf: number;
  readonly grcPerMf: number;
  readonly pcPerChannel: number;
  readonly dcnPerChannel: number;
}

/** Named sizes: `small` for tests, `default` for runs. */
export const REACHING_SCALES: Readonly<Record<'small' | 'default', ReachingCerebellumScale>> = {
  small: { mf: 40, grcPerMf: 20, pcPerChannel: 8, dcnPerChannel: 12 },
  default: { mf: 60, grcPerMf: 40, pcPerChannel: 12, dcnPerChannel: 16 },
};

/** Synaptic and cellular parameters (PyNN units). PF–PC values are per synapse for 1,000 GrC. */
export interface ReachingCerebellumParams {
  readonly pfPcW0: number;
  readonly pfPcWmax: number;
  readonly pfPcAplus: number;
  readonly pfPcAminus: number;
  readonly pfPcFraction: number;
  readonly mfGrcWLow: number;
  readonly mfGrcWHigh: number;
  /** MF→GrC: each GrC takes 4 distinct MFs among the 2k+1 around its centre (time-topographic). */
  readonly mfGrcNeighbourhood: number;
  readonly pcDcnW: number;
  /** MF→DCN weight, per synapse for 40 MFs. */
  readonly mfDcnW: number;
  readonly pcIoffsetNa: number;
  readonly dcnIoffsetNa: number;
}

/**
 * Defaults. Cell models and MF→GrC/PF–PC initial weights are the eye-blink template's; the rest
 * was set by measurement on this network (small scale, MF time code at 60 Hz peak):
 *  - PC i_offset 0.3 nA (not 0.4) so the PF drive is a large part of the PC rate (≈ 35 Hz at w0) and
 *    LTD can lower it; PC→DCN 0.1 nS, so the DCN fire tonically (≈ 70 Hz) and rise by ≈ 20 Hz when
 *    their PCs' PF weights halve.
 *  - A_plus / |A_minus| sets the IO rate at which LTP and LTD balance; 0.83 puts it near 10 Hz,
 *    the IO base rate of the loop, so zero error means no net weight change. Their size (×17 the
 *    eye-blink values) halves a 7 cm sag in about 10 loaded trials.
 */
export const DEFAULT_REACHING_CEREBELLUM: ReachingCerebellumParams = {
  pfPcW0: 0.0006,
  pfPcWmax: 0.0012,
  pfPcAplus: 1e-5,
  pfPcAminus: -1.2e-5,
  pfPcFraction: 0.8,
  mfGrcWLow: 0.0005,
  mfGrcWHigh: 0.001,
  mfGrcNeighbourhood: 3,
  pcDcnW: 0.0001,
  mfDcnW: 0.0004,
  pcIoffsetNa: 0.3,
  dcnIoffsetNa: 0.012,
};

const grcLike = (tRef: number) => ({
  tau_refrac: tRef, cm: 0.002, tau_m: 10, v_rest: -70, v_thresh: -40, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 10, e_rev_E: 0, e_rev_I: -80,
});

/** Builds the module; `seed` draws the MF→GrC map. */
export function reachingCerebellum(scale: ReachingCerebellumScale, plastic: boolean, p: ReachingCerebellumParams = DEFAULT_REACHING_CEREBELLUM, seed = 1): NetworkDescInput {
  const grc = scale.mf * scale.grcPerMf;
  const nCh = CHANNELS.length;
  const pc = nCh * scale.pcPerChannel;
  const dcn = nCh * scale.dcnPerChannel;
  const k = 1000 / grc;
  const kMf = 40 / scale.mf;
  const pfPc: SynapseDesc = plastic
    ? { type: 'PfPcPlasticity', weight: p.pfPcW0 * k, delay: 1, teacher: 'IO', A_plus: p.pfPcAplus * k, A_minus: p.pfPcAminus * k, w_min: 0, w_max: p.pfPcWmax * k }
    : { type: 'StaticSynapse', weight: p.pfPcW0 * k, delay: 1 };
  const pcDcn: [number, number][] = [];
  for (let c = 0; c < nCh; c++) {
    for (let d = 0; d < scale.dcnPerChannel; d++) for (let j = 0; j < scale.pcPerChannel; j++) pcDcn.push([c * scale.pcPerChannel + j, c * scale.dcnPerChannel + d]);
  }
  const projections: ProjectionDesc[] = [
    { label: 'mf_grc', pre: 'MF', post: 'GrC', connector: { type: 'FromList', conns: topographicMap(scale, p.mfGrcNeighbourhood, seed) },
      synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: p.mfGrcWLow, high: p.mfGrcWHigh }, delay: 1 }, receptor: 'excitatory' },
    { label: 'pf_pc', pre: 'GrC', post: 'PC', connector: { type: 'FixedProbability', p: p.pfPcFraction, allowSelfConnections: true }, synapse: pfPc, receptor: 'excitatory' },
    { label: 'pc_dcn', pre: 'PC', post: 'DCN', connector: { type: 'FromList', conns: pcDcn }, synapse: { type: 'StaticSynapse', weight: p.pcDcnW * (8 / scale.pcPerChannel), delay: 1 }, receptor: 'inhibitory' },
    { label: 'mf_dcn', pre: 'MF', post: 'DCN', connector: { type: 'AllToAll', allowSelfConnections: true }, synapse: { type: 'StaticSynapse', weight: p.mfDcnW * kMf, delay: 1 }, receptor: 'excitatory' },
  ];
  return {
    timestepMs: 1,
    populations: [
      { label: 'MF', size: scale.mf, cellType: 'SpikeSourcePoisson', params: { rate: 0 } },
      { label: 'GrC', size: grc, cellType: 'IF_cond_exp', params: grcLike(1) },
      { label: 'PC', size: pc, cellType: 'IF_cond_exp', params: { tau_refrac: 2, cm: 0.4, tau_m: 25, v_rest: -70, v_thresh: -52, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 1.6, e_rev_E: 0, e_rev_I: -80, i_offset: p.pcIoffsetNa },
        initial: { v: { distribution: 'uniform', low: -70, high: -52 } } },
      { label: 'IO', size: pc, cellType: 'SpikeSourcePoisson', params: { rate: 0 } },
      { label: 'DCN', size: dcn, cellType: 'IF_cond_exp', params: { ...grcLike(1), i_offset: p.dcnIoffsetNa }, initial: { v: { distribution: 'uniform', low: -70, high: -40 } } },
    ],
    projections,
  };
}

/** Each GrC g takes 4 distinct MFs among the 2k+1 around its centre (centres spread evenly over the MFs). */
export function topographicMap(scale: ReachingCerebellumScale, k: number, seed: number): [number, number][] {
  const width = 2 * k + 1;
  if (!(Number.isInteger(k) && width >= 4 && width <= scale.mf)) throw new RangeError(`mfGrcNeighbourhood ${k}: need an integer with 4 ≤ 2k+1 ≤ MF count (${scale.mf})`);
  const rng = new Rng(seed ^ 0x7265);
  const grc = scale.mf * scale.grcPerMf;
  const out: [number, number][] = [];
  const chosen = new Set<number>();
  for (let g = 0; g < grc; g++) {
    const centre = Math.min(scale.mf - 1 - k, Math.max(k, Math.floor((g * scale.mf) / grc)));
    chosen.clear();
    while (chosen.size < 4) chosen.add(centre - k + rng.int(width));
    for (const m of [...chosen].sort((a, b) => a - b)) out.push([m, g]);
  }
  return out;
}
