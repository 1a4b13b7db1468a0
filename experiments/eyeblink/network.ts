/**
 * The cerebellar microcircuit of the eye-blink experiment as a backend-neutral NetworkDesc
 * (Antonietti/Casellato template, specs/eyeblink.md): MF → GrC → PC ⊣ DCN ← MF, IO → PC (teacher).
 * NEST units of the template are converted to PyNN's: pF → nF, nS → µS.
 *
 * Choices beyond the template, each needed for a timed CR [inference, see the spec]:
 *  - MF are an external source population; the CS transceiver drives them with temporally
 *    staggered trains (each MF active in its own window of the CS), so granule cells carry elapsed
 *    time since CS onset.
 *  - PC and DCN get a DC current so they fire tonically (the DCN must fire at baseline so that a PC
 *    pause can raise it).
 *  - IO is an external source population driven by the cornea sensor (the puff that reaches it).
 */
import type { NetworkDescInput, ProjectionDesc, SynapseDesc } from '../../brains/network/network-desc.js';
import { Rng } from '../../core/random.js';

/** Sizes of the network. */
export interface CerebellumScale {
  readonly mf: number;
  readonly grcPerMf: number;
  readonly pc: number;
  readonly dcn: number;
}

/** Named scales: `template` ≈ 10k GrC (default), `small` for tests, `mouse` ≈ 30k GrC (Geminiani 2022 size). */
export const SCALES: Readonly<Record<'small' | 'template' | 'mouse', CerebellumScale>> = {
  small: { mf: 100, grcPerMf: 15, pc: 48, dcn: 24 },
  template: { mf: 100, grcPerMf: 100, pc: 72, dcn: 36 },
  mouse: { mf: 150, grcPerMf: 200, pc: 100, dcn: 50 },
};

/** Which plastic sites are on (ablations switch them off). */
export interface PlasticityFlags {
  readonly pfPc: boolean;
  readonly mfDcn: boolean;
  readonly pcDcn: boolean;
}

/** Tunable synaptic parameters (PyNN units: µS, ms, nA). */
export interface CerebellumParams {
  readonly pfPcW0: number;
  readonly pfPcWmax: number;
  readonly pfPcAplus: number;
  readonly pfPcAminus: number;
  readonly pfPcFraction: number;
  readonly mfGrcWLow: number;
  readonly mfGrcWHigh: number;
  readonly pcDcnW: number;
  readonly mfDcnW: number;
  readonly ioPcW: number;
  readonly pcIoffsetNa: number;
  readonly dcnIoffsetNa: number;
  readonly timestepMs: number;
  /**
   * MF→GrC wiring: 0 = random fixed in-degree 4 (template); k > 0 = each GrC takes its 4 MFs among
   * the 2k+1 MFs around a centre, so it inherits their time window (MFs are ordered by preferred
   * time in the CS code): a clustered, topographic mossy-fibre map [inference].
   */
  readonly mfGrcNeighbourhood: number;
}

/**
 * Defaults: template values where the template gives them, tuned values otherwise (see README).
 * The network runs at 1 ms (CerebNEST's resolution), where a 0.5 ms synapse integrated with the
 * exponential-Euler scheme acts about twice as strongly as at 0.1 ms; MF→GrC weights are halved from
 * the template's U(1, 2) nS to U(0.5, 1) nS to keep the granule-layer rates of the 0.5 ms model.
 * PF–PC values (pfPc*) are per synapse for a 1,000-GrC network and scale with 1000/GrC; MF→DCN
 * weights are for 40 MFs and scale with 40/MF.
 */
export const DEFAULT_CEREBELLUM: CerebellumParams = {
  pfPcW0: 0.0006,
  pfPcWmax: 0.0012,
  pfPcAplus: 6e-7,
  pfPcAminus: -4e-7,
  pfPcFraction: 0.8,
  mfGrcWLow: 0.0005,
  mfGrcWHigh: 0.001,
  pcDcnW: 0.0003,
  mfDcnW: 0.0004,
  ioPcW: 0.02,
  pcIoffsetNa: 0.4,
  dcnIoffsetNa: 0.012,
  timestepMs: 1,
  mfGrcNeighbourhood: 3,
};

const grcLike = (tRef: number) => ({
  tau_refrac: tRef, cm: 0.002, tau_m: 0.002 / 0.0002, v_rest: -70, v_thresh: -40, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 10, e_rev_E: 0, e_rev_I: -80,
});

/** Builds the network descriptor; `seed` draws the topographic MF→GrC map. */
export function cerebellumNetwork(scale: CerebellumScale, plastic: PlasticityFlags, p: CerebellumParams = DEFAULT_CEREBELLUM, seed = 1): NetworkDescInput {
  const grc = scale.mf * scale.grcPerMf;
  // PF–PC weights and learning amplitudes are given for 1,000 granule cells and scaled by 1000/GrC,
  // so the total PF drive onto a PC (and its relative learning speed) does not depend on the scale.
  const k = 1000 / grc;
  // Likewise MF→DCN (all-to-all) weights are given for 40 mossy fibres.
  const kMf = 40 / scale.mf;
  const mfGrc: ProjectionDesc['connector'] = p.mfGrcNeighbourhood > 0
    ? { type: 'FromList', conns: topographicMfGrc(scale, p.mfGrcNeighbourhood, seed) }
    : { type: 'FixedNumberPre', n: 4, withReplacement: false, allowSelfConnections: true };
  const pfPc: SynapseDesc = plastic.pfPc
    ? { type: 'PfPcPlasticity', weight: p.pfPcW0 * k, delay: 1, teacher: 'IO', A_plus: p.pfPcAplus * k, A_minus: p.pfPcAminus * k, w_min: 0, w_max: p.pfPcWmax * k }
    : { type: 'StaticSynapse', weight: p.pfPcW0 * k, delay: 1 };
  const pcDcnList: [number, number][] = [];
  const perDcn = Math.max(1, Math.round(scale.pc / scale.dcn));
  for (let d = 0; d < scale.dcn; d++) for (let j = 0; j < perDcn; j++) pcDcnList.push([(d * perDcn + j) % scale.pc, d]);
  const pcDcn: SynapseDesc = plastic.pcDcn
    ? { type: 'PcDcnPlasticity', weight: -p.pcDcnW, delay: 1, tau_plus: 30, lambda: 1e-7, alpha: 10, w_min: -2 * p.pcDcnW, w_max: 0 }
    : { type: 'StaticSynapse', weight: p.pcDcnW, delay: 1 };
  const mfDcn: SynapseDesc = plastic.mfDcn
    ? { type: 'MfDcnPlasticity', weight: p.mfDcnW * kMf, delay: 10, pcProjection: 'pc_dcn', A_plus: 1e-8 * kMf, A_minus: -1e-9 * kMf, w_min: 0, w_max: 2.5 * p.mfDcnW * kMf, windowMs: 10 }
    : { type: 'StaticSynapse', weight: p.mfDcnW * kMf, delay: 10 };
  const projections: ProjectionDesc[] = [
    { label: 'mf_grc', pre: 'MF', post: 'GrC', connector: mfGrc,
      synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: p.mfGrcWLow, high: p.mfGrcWHigh }, delay: 1 }, receptor: 'excitatory' },
    { label: 'pf_pc', pre: 'GrC', post: 'PC', connector: { type: 'FixedProbability', p: p.pfPcFraction, allowSelfConnections: true }, synapse: pfPc, receptor: 'excitatory' },
    { label: 'io_pc', pre: 'IO', post: 'PC', connector: { type: 'OneToOne' }, synapse: { type: 'StaticSynapse', weight: p.ioPcW, delay: 1 }, receptor: 'excitatory' },
    { label: 'pc_dcn', pre: 'PC', post: 'DCN', connector: { type: 'FromList', conns: pcDcnList }, synapse: pcDcn, receptor: 'inhibitory' },
    { label: 'mf_dcn', pre: 'MF', post: 'DCN', connector: { type: 'AllToAll', allowSelfConnections: true }, synapse: mfDcn, receptor: 'excitatory' },
  ];
  return {
    timestepMs: p.timestepMs,
    populations: [
      { label: 'MF', size: scale.mf, cellType: 'SpikeSourceExternal' },
      { label: 'GrC', size: grc, cellType: 'IF_cond_exp', params: grcLike(1) },
      { label: 'PC', size: scale.pc, cellType: 'IF_cond_exp', params: { tau_refrac: 2, cm: 0.4, tau_m: 0.4 / 0.016, v_rest: -70, v_thresh: -52, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 1.6, e_rev_E: 0, e_rev_I: -80, i_offset: p.pcIoffsetNa },
        initial: { v: { distribution: 'uniform', low: -70, high: -52 } } },
      { label: 'IO', size: scale.pc, cellType: 'SpikeSourceExternal' },
      { label: 'DCN', size: scale.dcn, cellType: 'IF_cond_exp', params: { ...grcLike(1), i_offset: p.dcnIoffsetNa }, initial: { v: { distribution: 'uniform', low: -70, high: -40 } } },
    ],
    projections,
  };
}

/** Each GrC g draws 4 distinct MFs among the 2k+1 around its centre (centres spread evenly over the MFs). */
export function topographicMfGrc(scale: CerebellumScale, k: number, seed: number): [number, number][] {
  const rng = new Rng(seed ^ 0x6d66);
  const grc = scale.mf * scale.grcPerMf;
  const out: [number, number][] = [];
  const width = 2 * k + 1;
  if (width < 4) throw new RangeError('mfGrcNeighbourhood must be ≥ 2 (4 distinct MFs per GrC)');
  for (let g = 0; g < grc; g++) {
    const centre = Math.min(scale.mf - 1 - k, Math.max(k, Math.floor((g * scale.mf) / grc)));
    const chosen = new Set<number>();
    while (chosen.size < 4) chosen.add(centre - k + rng.int(width));
    for (const m of [...chosen].sort((a, b) => a - b)) out.push([m, g]);
  }
  return out;
}
