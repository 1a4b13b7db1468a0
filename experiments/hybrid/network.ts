/**
 * The cerebellar module of the hybrid brain as a backend-neutral NetworkDesc: two microzones
 * (push–pull) that learn a corrective torque, one per sign of the error.
 *
 *   MF (Poisson, state code) → GrC (4 MFs each) → PC_z ⊣ DCN_z ← MF,   IO_z teaches PF→PC_z
 *
 * z = `pos` | `neg`. IO_pos fires above its baseline when the pole leans to +φ, IO_neg when it
 * leans to −φ (the `olive` transceiver, hybrid-loop.ts). Each IO spike depresses the parallel-fibre synapses
 * that were active 0–200 ms before on its Purkinje cell (PF–PC rule, brains/spiking/plasticity/
 * pf-pc.ts); every PF spike potentiates a little. The two balance when the IO fires at
 * `ioBaselineHz` (see `pfPcAminusFor`), so learning stops when the mean error is zero. A depressed
 * PC fires less, its DCN is disinhibited and fires more, and the decoder turns DCN_neg − DCN_pos
 * into a torque that pushes φ back up.
 *
 * The climbing fibres act only as the teacher of the plasticity rule: their direct excitation of
 * the PC (the complex spike) is left out, since here it would only add a transient of the wrong
 * sign (more error → more PC spikes → less DCN → less correction).
 * Cell parameters follow the eye-blink microcircuit (experiments/eyeblink/network.ts, PyNN units:
 * nF, µS, mV, ms, nA); sizes are small because one scalar correction is learnt.
 */
import type { NetworkDescInput, ProjectionDesc, SynapseDesc } from '../../brains/network/network-desc.js';
import { pfPcKernel } from '../../brains/spiking/plasticity/pf-pc.js';

/** Sizes and synaptic parameters of the module. */
export interface HybridCerebellumParams {
  /** Mossy fibres coding φ (Gaussian tuning). */
  readonly mfAngle: number;
  /** Mossy fibres coding ω. */
  readonly mfVelocity: number;
  /** Tonic context fibres (a constant rate: "the task is on"). */
  readonly mfTonic: number;
  readonly grc: number;
  /** PCs (and IO cells) per microzone. */
  readonly pcPerZone: number;
  /** DCN cells per microzone. */
  readonly dcnPerZone: number;
  /** MF → GrC weight range (µS), uniform. */
  readonly mfGrcWLow: number;
  readonly mfGrcWHigh: number;
  /** Initial PF → PC weight (µS) and its upper bound. */
  readonly pfPcW0: number;
  readonly pfPcWmax: number;
  /** LTP per PF spike (µS). LTD follows from it and the IO baseline (pfPcAminusFor). */
  readonly pfPcAplus: number;
  readonly pfPcFraction: number;
  readonly pcDcnW: number;
  readonly mfDcnW: number;
  readonly pcIoffsetNa: number;
  readonly dcnIoffsetNa: number;
  /** IO rate at zero error (Hz): where LTP and LTD balance. */
  readonly ioBaselineHz: number;
}

/**
 * Defaults, tuned by hand: at baseline the PCs fire ≈ 75 Hz and the DCN ≈ 30 Hz; a 30 % PF–PC
 * depression takes a DCN from ≈ 33 to ≈ 54 Hz (open loop, φ = 0, seed 1). With A+ = 4e-7 µS the
 * default load is corrected within ≈ 8 episodes of 5 s.
 */
export const DEFAULT_HYBRID_CEREBELLUM: HybridCerebellumParams = {
  mfAngle: 24,
  mfVelocity: 16,
  mfTonic: 8,
  grc: 600,
  pcPerZone: 16,
  dcnPerZone: 16,
  mfGrcWLow: 0.0005,
  mfGrcWHigh: 0.001,
  pfPcW0: 0.001,
  pfPcWmax: 0.002,
  pfPcAplus: 4e-7,
  pfPcFraction: 0.8,
  pcDcnW: 0.00005,
  mfDcnW: 0.0001,
  pcIoffsetNa: 0.35,
  dcnIoffsetNa: 0.012,
  ioBaselineHz: 5,
};

/** Σ_lags k(lag)·dt of the PF–PC LTD kernel over its 200 ms window (ms), at network step `dtMs` (≈ 87.8 ms). */
export function pfPcKernelSumMs(dtMs: number): number {
  const oneMs = Math.round(1 / dtMs);
  let s = 0;
  for (let L = oneMs + 1; L <= oneMs + Math.round(200 / dtMs); L++) s += pfPcKernel((oneMs - L) * dtMs) * dtMs;
  return s;
}

/**
 * LTD amplitude (negative) for which LTP and LTD cancel on average when the IO fires at `ioHz`:
 * a PF firing steadily at ν (Hz) gains A+·ν per second and loses, per IO spike, |A−| times its
 * expected kernel-weighted spike count in the window, ν·1e-3·Σk (Σk = Σ_lags k·dt in ms). So
 * A+·ν = |A−|·ν_IO·ν·1e-3·Σk, whatever ν: |A−| = A+ / (ν_IO · 1e-3 · Σk).
 */
export function pfPcAminusFor(aPlus: number, ioHz: number, dtMs: number): number {
  return -aPlus / (ioHz * 1e-3 * pfPcKernelSumMs(dtMs));
}

/** Population labels. */
export const POP = { mf: 'MF', grc: 'GrC', pcPos: 'PC_pos', pcNeg: 'PC_neg', ioPos: 'IO_pos', ioNeg: 'IO_neg', dcnPos: 'DCN_pos', dcnNeg: 'DCN_neg' } as const;

/** Total number of mossy fibres. */
export function mfCount(p: HybridCerebellumParams): number {
  return p.mfAngle + p.mfVelocity + p.mfTonic;
}

const TIMESTEP_MS = 1;

/** Builds the descriptor; `plastic` false gives static PF–PC synapses (the no-learning control). */
export function hybridCerebellumNetwork(p: HybridCerebellumParams, plastic: boolean): NetworkDescInput {
  const nMf = mfCount(p);
  const aMinus = pfPcAminusFor(p.pfPcAplus, p.ioBaselineHz, TIMESTEP_MS);
  const pfPc = (teacher: string): SynapseDesc => plastic
    ? { type: 'PfPcPlasticity', weight: p.pfPcW0, delay: 1, teacher, A_plus: p.pfPcAplus, A_minus: aMinus, w_min: 0, w_max: p.pfPcWmax }
    : { type: 'StaticSynapse', weight: p.pfPcW0, delay: 1 };
  const perDcn = Math.max(1, Math.round(p.pcPerZone / 2));
  const pcDcnList: [number, number][] = [];
  // Each DCN cell receives `perDcn` PCs of its own microzone (a ring over the zone's PCs).
  for (let d = 0; d < p.dcnPerZone; d++) for (let j = 0; j < perDcn; j++) pcDcnList.push([(d * perDcn + j) % p.pcPerZone, d]);
  const granule = { tau_refrac: 1, cm: 0.002, tau_m: 10, v_rest: -70, v_thresh: -40, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 10, e_rev_E: 0, e_rev_I: -80 };
  const purkinje = { tau_refrac: 2, cm: 0.4, tau_m: 25, v_rest: -70, v_thresh: -52, v_reset: -70, tau_syn_E: 0.5, tau_syn_I: 1.6, e_rev_E: 0, e_rev_I: -80, i_offset: p.pcIoffsetNa };
  const nuclear = { ...granule, i_offset: p.dcnIoffsetNa };
  const projections: ProjectionDesc[] = [
    { label: 'mf_grc', pre: POP.mf, post: POP.grc, connector: { type: 'FixedNumberPre', n: 4, withReplacement: false, allowSelfConnections: true },
      synapse: { type: 'StaticSynapse', weight: { distribution: 'uniform', low: p.mfGrcWLow, high: p.mfGrcWHigh }, delay: 1 }, receptor: 'excitatory' },
  ];
  for (const z of ['pos', 'neg'] as const) {
    const pc = z === 'pos' ? POP.pcPos : POP.pcNeg;
    const io = z === 'pos' ? POP.ioPos : POP.ioNeg;
    const dcn = z === 'pos' ? POP.dcnPos : POP.dcnNeg;
    projections.push(
      { label: `pf_pc_${z}`, pre: POP.grc, post: pc, connector: { type: 'FixedProbability', p: p.pfPcFraction, allowSelfConnections: true }, synapse: pfPc(io), receptor: 'excitatory' },
      { label: `pc_dcn_${z}`, pre: pc, post: dcn, connector: { type: 'FromList', conns: pcDcnList }, synapse: { type: 'StaticSynapse', weight: p.pcDcnW, delay: 1 }, receptor: 'inhibitory' },
      { label: `mf_dcn_${z}`, pre: POP.mf, post: dcn, connector: { type: 'AllToAll', allowSelfConnections: true }, synapse: { type: 'StaticSynapse', weight: p.mfDcnW, delay: 1 }, receptor: 'excitatory' },
    );
  }
  const vInit = (lo: number, hi: number) => ({ v: { distribution: 'uniform' as const, low: lo, high: hi } });
  return {
    timestepMs: TIMESTEP_MS,
    populations: [
      { label: POP.mf, size: nMf, cellType: 'SpikeSourcePoisson', params: { rate: 0 } },
      { label: POP.grc, size: p.grc, cellType: 'IF_cond_exp', params: granule, initial: vInit(-70, -40) },
      { label: POP.pcPos, size: p.pcPerZone, cellType: 'IF_cond_exp', params: purkinje, initial: vInit(-70, -52) },
      { label: POP.pcNeg, size: p.pcPerZone, cellType: 'IF_cond_exp', params: purkinje, initial: vInit(-70, -52) },
      { label: POP.ioPos, size: p.pcPerZone, cellType: 'SpikeSourcePoisson', params: { rate: 0 } },
      { label: POP.ioNeg, size: p.pcPerZone, cellType: 'SpikeSourcePoisson', params: { rate: 0 } },
      { label: POP.dcnPos, size: p.dcnPerZone, cellType: 'IF_cond_exp', params: nuclear, initial: vInit(-70, -40) },
      { label: POP.dcnNeg, size: p.dcnPerZone, cellType: 'IF_cond_exp', params: nuclear, initial: vInit(-70, -40) },
    ],
    projections,
  };
}
