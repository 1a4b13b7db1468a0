/**
 * Agonist–antagonist decoding: each joint is driven by a pair of motor populations; the net command
 * is proportional to their difference and the co-contraction (sum) sets stiffness, as in muscle
 * pairs: u_j = gain · (r_ag,j − r_ant,j) − stiffnessGain · (r_ag,j + r_ant,j) · ω_j (optional
 * co-contraction damping on the joint velocity ω_j). Units: rates in Hz; `gain` in
 * output-unit/Hz (N·m/Hz for torque, rad/s/Hz for velocity). Output is clipped to ±limit with
 * reporting.
 */
import type { TransceiverContext } from '../../core/transceiver.js';
import { type ClipReport, clipInto, emptyClipReport, reportClip } from '../utilities/clip.js';
import { requireFinite, requireLength, requireNonNegative, requirePositive, requirePositiveInt } from '../utilities/check.js';

/** Descriptor for `joints` joints. */
export interface AgonistAntagonistDesc {
  readonly joints: number;
  /** Output per Hz of rate difference. */
  readonly gain: number;
  /** Damping per Hz of co-contraction (output per (Hz · unit of velocity)); default 0. */
  readonly stiffnessGain?: number;
  /** Output limit (absolute value). */
  readonly limit: number;
}

/** State: output buffer and clip report. */
export interface AgonistAntagonistState {
  readonly desc: AgonistAntagonistDesc;
  readonly raw: Float64Array;
  readonly clip: ClipReport;
}

/** Creates the state. */
export function createAgonistAntagonist(desc: AgonistAntagonistDesc): AgonistAntagonistState {
  requirePositiveInt('agonistAntagonist.joints', desc.joints);
  requireFinite('agonistAntagonist.gain', desc.gain);
  requireNonNegative('agonistAntagonist.stiffnessGain', desc.stiffnessGain ?? 0);
  requirePositive('agonistAntagonist.limit', desc.limit);
  return { desc, raw: new Float64Array(desc.joints), clip: emptyClipReport() };
}

/** Returns a fresh array of joint commands. `velocity` is needed only when stiffnessGain > 0. */
export function agonistAntagonistDecode(
  state: AgonistAntagonistState, agonistHz: ArrayLike<number>, antagonistHz: ArrayLike<number>, velocity?: ArrayLike<number>,
  ctx?: Pick<TransceiverContext, 'report' | 'tNs'>,
): Float64Array {
  const { desc } = state;
  requireLength('agonistAntagonist.agonistHz', agonistHz, desc.joints);
  requireLength('agonistAntagonist.antagonistHz', antagonistHz, desc.joints);
  const k = desc.stiffnessGain ?? 0;
  if (k > 0) requireLength('agonistAntagonist.velocity', velocity ?? [], desc.joints);
  for (let j = 0; j < desc.joints; j++) {
    const a = agonistHz[j] as number;
    const b = antagonistHz[j] as number;
    let u = desc.gain * (a - b);
    if (k > 0) u -= k * (a + b) * ((velocity as ArrayLike<number>)[j] as number);
    state.raw[j] = u;
  }
  const out = new Float64Array(desc.joints);
  clipInto(state.raw, -desc.limit, desc.limit, out, state.clip);
  if (ctx !== undefined) reportClip(ctx, 'agonistAntagonist.output', state.clip, -desc.limit, desc.limit);
  return out;
}
