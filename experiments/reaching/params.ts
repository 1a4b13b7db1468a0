/**
 * Parameters of the `reaching` experiment (zod; every field overridable with `--set path=value`).
 */
import { z } from 'zod';

/** An experimental condition. */
export const Condition = z.enum(['learning', 'no-learning', 'pd-only']);
/** An experimental condition. */
export type Condition = z.infer<typeof Condition>;

/** Joint angles [shoulder, elbow] within the URDF limits (rad). */
const pair = z.tuple([z.number().min(-2).max(2), z.number().min(-2.5).max(2.5)]);
/** A non-negative value per joint [shoulder, elbow]. */
const gains = z.tuple([z.number().nonnegative(), z.number().nonnegative()]);

/** Parameters of the reaching experiment. */
export const ReachingParams = z.strictObject({
  /** Trials in all (baseline + loaded). */
  trials: z.number().int().min(1).default(60),
  /** Index of the first trial with the load on the forearm (trials before it are unloaded). */
  loadTrial: z.number().int().min(0).default(10),
  /** Load (kg), a box held at the hand, 0.1 m to the side of the arm's plane. */
  loadKg: z.number().positive().max(3).default(0.5),
  /**
   * Conditions run side by side on one bus, each with its own arm (same seed, same protocol):
   * `learning` (PF–PC plasticity on), `no-learning` (ablation: the same network with static PF–PC
   * weights), `pd-only` (no cerebellar module).
   */
  conditions: z.array(Condition).min(1).default(['learning', 'no-learning']),
  scale: z.enum(['small', 'default']).default('default'),
  trialMs: z.number().min(200).max(5000).default(800),
  /** Minimum-jerk reach from the upright start posture to `target` (shoulder, elbow; rad). */
  reachMs: z.number().positive().default(400),
  target: pair.default([0.6, 1.0]),
  /** Endpoint error is the mean hand–target distance over the last `endWindowMs` of the trial. */
  endWindowMs: z.number().positive().default(100),
  /** PD gains per joint [shoulder, elbow] (N·m/rad, N·m·s/rad), with unloaded gravity feed-forward. */
  pd: z.strictObject({
    kp: gains.default([30, 15]),
    kd: gains.default([5, 1.2]),
  }).default({ kp: [30, 15], kd: [5, 1.2] }),
  /** Mossy-fibre time code: Gaussian tuning over time in trial, peak and baseline rates. */
  mf: z.strictObject({ peakHz: z.number().positive().default(60), baselineHz: z.number().nonnegative().default(0) }).default({ peakHz: 60, baselineHz: 0 }),
  /**
   * Climbing fibres: IO rate of a `+` channel = baseHz + hzPerRad·(desired − actual), of a `−`
   * channel baseHz − hzPerRad·(…), clipped to [0, maxHz]. At baseHz LTD and LTP balance.
   */
  io: z.strictObject({
    baseHz: z.number().nonnegative().default(10),
    hzPerRad: z.number().positive().default(150),
    maxHz: z.number().positive().default(60),
  }).default({ baseHz: 10, hzPerRad: 150, maxHz: 60 }),
  /** DCN → torque: gain per Hz of (DCN+ − DCN−) per joint, rate window, torque limit. */
  dcn: z.strictObject({
    gainNmPerHz: gains.default([0.05, 0.025]),
    rateTauMs: z.number().positive().default(100),
    limitNm: z.number().positive().default(6),
  }).default({ gainNmPerHz: [0.05, 0.025], rateTauMs: 100, limitNm: 6 }),
  /** Overrides of the network parameters (experiments/reaching/network.ts). */
  network: z.strictObject({
    pfPcW0: z.number().positive().optional(), pfPcWmax: z.number().positive().optional(),
    pfPcAplus: z.number().nonnegative().optional(), pfPcAminus: z.number().nonpositive().optional(),
    pcIoffsetNa: z.number().optional(), dcnIoffsetNa: z.number().optional(), pcDcnW: z.number().positive().optional(), mfDcnW: z.number().positive().optional(),
  }).default({}),
});

/** Parameters of the reaching experiment. */
export type ReachingParams = z.infer<typeof ReachingParams>;
