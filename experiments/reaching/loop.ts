/**
 * Transceivers of the reaching loop (pure functions with explicit state):
 *  - `arm_drive`: PD on the minimum-jerk desired trajectory with the *unloaded* arm's gravity
 *    feed-forward, plus the cerebellar corrective torque decoded from the DCN (agonist–antagonist
 *    channels through exponential rate windows); base yaw held at 0; the load held (load trials) or
 *    released at the first step (unloaded trials).
 *  - `desired_to_mf`: time in the reach → Gaussian population code → mossy-fibre Poisson rates.
 *  - `error_to_io`: joint error (desired − actual) → IO rates of the push–pull channels.
 */
import type { SpikeBatch } from '../../core/ports.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';
import { agonistAntagonistDecode, createAgonistAntagonist, createExpRateDecoder, createPopulationCode, expRateUpdate, populationRates } from '../../transceivers/index.js';
import { ARM_GEOMETRY, gravityHoldTorques } from './arm-model.js';
import type { ReachingCerebellumScale } from './network.js';
import type { ReachingParams } from './params.js';
import { minimumJerk, type ReachDesc } from './trajectory.js';

const JOINTS = ['shoulder', 'elbow'] as const;

/** Whether the current trial carries the load (trial params set by the protocol). */
export const loaded = (params: Readonly<Record<string, unknown>> | undefined): boolean => params?.['loaded'] === true;

/** Desired joint state of the reach at `tInTrialNs` (writes into pos/vel). */
export function desiredAt(reach: ReachDesc, tInTrialNs: number, pos: Float64Array, vel: Float64Array): void {
  minimumJerk(reach, tInTrialNs / 1e6, pos, vel);
}

/** The reach of the experiment: from the upright start (0, 0) to the target. */
export function reachOf(p: ReachingParams): ReachDesc {
  return { from: [0, 0], to: [p.target[0], p.target[1]], durationMs: p.reachMs };
}

/** Engine names of one experimental condition (its own arm and, if any, its own cerebellum). */
export interface LoopNames {
  readonly arm: string;
  readonly brain: string;
}

/**
 * Builds the loop transceivers of one condition; without a cerebellum `scale` (undefined) the PD
 * acts alone. Transceiver names get the condition's suffix.
 */
export function reachingTransceivers(p: ReachingParams, scale: ReachingCerebellumScale | undefined, names: LoopNames, suffix: string): Transceiver<any>[] {
  const ARM = names.arm;
  const BRAIN = names.brain;
  const reach = reachOf(p);
  const withBrain = scale !== undefined;
  const dcnPerChannel = scale?.dcnPerChannel ?? 1;
  const keys = {
    position: JOINTS.map((j) => `${ARM}.${j}.position`),
    velocity: JOINTS.map((j) => `${ARM}.${j}.velocity`),
    command: [`${ARM}.shoulder.command`, `${ARM}.elbow.command`] as const,
    yaw: `${ARM}.base_yaw.position`, yawV: `${ARM}.base_yaw.velocity`, yawCmd: `${ARM}.base_yaw.command`,
    attached: `${ARM}.load.attached`, dcn: `${BRAIN}.DCN.spikes`,
  };
  const reads = [...JOINTS.flatMap((_j, k) => [keys.position[k]!, keys.velocity[k]!]), keys.yaw, keys.yawV, ...(withBrain ? [keys.dcn] : [])];
  const drive = defineTransceiver({
    name: `arm_drive${suffix}`,
    reads,
    writes: [...keys.command, keys.yawCmd, keys.attached],
    init: () => ({
      qd: new Float64Array(2), vd: new Float64Array(2), ff: new Float64Array(2),
      dcn: createExpRateDecoder(4 * dcnPerChannel, p.dcn.rateTauMs),
      ag: new Float64Array(1), ant: new Float64Array(1),
      decoders: [0, 1].map((j) => createAgonistAntagonist({ joints: 1, gain: p.dcn.gainNmPerHz[j] as number, limit: p.dcn.limitNm })),
      cb: new Float64Array(2),
      // Output buffers, reused every step: [shoulder, elbow] commands, base yaw command, load flag.
      cmd: [new Float64Array(1), new Float64Array(1)],
      yawCmd: new Float64Array(1),
      attached: new Float64Array(1),
    }),
    fn: (i, s, c) => {
      desiredAt(reach, c.tInTrialNs, s.qd, s.vd);
      gravityHoldTorques(ARM_GEOMETRY, s.qd[0] as number, s.qd[1] as number, { kg: 0, distM: 0 }, s.ff);
      if (withBrain) {
        const r = expRateUpdate(s.dcn, i[keys.dcn] as SpikeBatch, c.tNs);
        // Channel means: [shoulder+, shoulder−, elbow+, elbow−].
        for (let j = 0; j < 2; j++) {
          let a = 0, b = 0;
          for (let k = 0; k < dcnPerChannel; k++) {
            a += r[(2 * j) * dcnPerChannel + k] as number;
            b += r[(2 * j + 1) * dcnPerChannel + k] as number;
          }
          s.ag[0] = a / dcnPerChannel;
          s.ant[0] = b / dcnPerChannel;
          s.cb[j] = agonistAntagonistDecode(s.decoders[j]!, s.ag, s.ant, undefined, c)[0] as number;
        }
      }
      for (let k = 0; k < JOINTS.length; k++) {
        const q = (i[keys.position[k]!] as Float64Array)[0] as number;
        const v = (i[keys.velocity[k]!] as Float64Array)[0] as number;
        const pd = p.pd.kp[k]! * ((s.qd[k] as number) - q) + p.pd.kd[k]! * ((s.vd[k] as number) - v);
        s.cmd[k]![0] = pd + (s.ff[k] as number) + (s.cb[k] as number);
      }
      const yaw = (i[keys.yaw] as Float64Array)[0] as number;
      const yawV = (i[keys.yawV] as Float64Array)[0] as number;
      s.yawCmd[0] = -20 * yaw - 1 * yawV;
      // The load is part of the world from the reset; unloaded trials drop it at their first step.
      s.attached[0] = loaded(c.trial?.params) ? 1 : 0;
      return { [keys.command[0]]: s.cmd[0]!, [keys.command[1]]: s.cmd[1]!, [keys.yawCmd]: s.yawCmd, [keys.attached]: s.attached };
    },
  });
  if (scale === undefined) return [drive];
  const pcPerChannel = scale.pcPerChannel;
  const mfCode = createPopulationCode({ size: scale.mf, lo: 0, hi: p.trialMs, peakHz: p.mf.peakHz, baselineHz: p.mf.baselineHz });
  const toMf = defineTransceiver({
    name: `desired_to_mf${suffix}`, reads: [], writes: [`${BRAIN}.MF.rates`],
    init: () => ({ rates: new Float64Array(mfCode.desc.size) }),
    fn: (_i, s, c) => ({ [`${BRAIN}.MF.rates`]: populationRates(mfCode, c.tInTrialNs / 1e6, s.rates, c) }),
  });
  const toIo = defineTransceiver({
    name: `error_to_io${suffix}`, reads: JOINTS.map((j) => `${ARM}.${j}.position`), writes: [`${BRAIN}.IO.rates`],
    init: () => ({ qd: new Float64Array(2), vd: new Float64Array(2), rates: new Float64Array(4 * pcPerChannel) }),
    fn: (i, s, c) => {
      desiredAt(reach, c.tInTrialNs, s.qd, s.vd);
      const n = pcPerChannel;
      JOINTS.forEach((j, k) => {
        const e = (s.qd[k] as number) - ((i[`${ARM}.${j}.position`] as Float64Array)[0] as number);
        const up = clamp(p.io.baseHz + p.io.hzPerRad * e, 0, p.io.maxHz);
        const down = clamp(p.io.baseHz - p.io.hzPerRad * e, 0, p.io.maxHz);
        s.rates.fill(up, (2 * k) * n, (2 * k + 1) * n);
        s.rates.fill(down, (2 * k + 1) * n, (2 * k + 2) * n);
      });
      return { [`${BRAIN}.IO.rates`]: s.rates };
    },
  });
  return [toMf, toIo, drive];
}

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
