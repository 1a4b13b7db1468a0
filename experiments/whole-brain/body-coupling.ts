/**
 * Brain–body coupling of the `whole-brain` experiment: a motor region's population rate drives one
 * joint of the Rapier arm (position-mode PD), and optionally the joint angle comes back as a
 * proprioceptive drive into a somatosensory region.
 *
 * Motor transceiver (at every exchange k, period Δt, reading the rate r_k in Hz):
 *   velocity mode: θ_k = clamp(θ_{k−1} + g · (r_k − r0) · Δt),  θ_{−1} = 0  (the rate is a joint
 *                  velocity command, integrated into the position target)
 *   position mode: θ_k = clamp(g · (r_k − r0))
 * clamp = the joint's limits; entering the clamp is reported (never silent).
 * Feedback transceiver: drive[sensory] = f · (θ_k − θ_ref) (model units of c_0, 1/ms for Jansen–Rit),
 * every other region's drive 0.
 */
import { ValidationError } from '../../core/errors.js';
import { defineTransceiver, type Transceiver } from '../../core/transceiver.js';

/** Options of the motor transceiver. */
export interface MotorDriveOptions {
  /** Port of the region rates (Hz), e.g. 'tvb.rate'. */
  readonly read: string;
  readonly region: number;
  /** Joint command port, e.g. 'arm.base_yaw.command'. */
  readonly write: string;
  readonly mode: 'velocity' | 'position';
  /** rad/s per Hz (velocity) or rad per Hz (position). */
  readonly gain: number;
  readonly baselineHz: number;
  /** Exchange period (s). */
  readonly dtS: number;
  /** Joint limits (rad). */
  readonly lo: number;
  readonly hi: number;
  /** Called with every (sync time, rate read, target written), e.g. to record the command. */
  readonly onTarget?: (tNs: number, rateHz: number, theta: number) => void;
}

/** State of the motor transceiver: the position target and whether it is clamped. */
export interface MotorDriveState {
  theta: number;
  clamped: boolean;
}

/** One step of the motor transceiver's closed form (exported for tests). */
export function motorTarget(o: Pick<MotorDriveOptions, 'mode' | 'gain' | 'baselineHz' | 'dtS' | 'lo' | 'hi'>, prev: number, rateHz: number): number {
  const raw = o.mode === 'velocity' ? prev + o.gain * (rateHz - o.baselineHz) * o.dtS : o.gain * (rateHz - o.baselineHz);
  return raw < o.lo ? o.lo : raw > o.hi ? o.hi : raw;
}

/** The motor transceiver: region rate → joint position target. */
export function motorDriveTransceiver(o: MotorDriveOptions): Transceiver<MotorDriveState> {
  if (!Number.isFinite(o.gain)) throw new ValidationError('params.body.gain', o.gain, 'a finite number', 'use e.g. 0.1 rad/s per Hz');
  if (!(o.dtS > 0)) throw new ValidationError('params.exchangeMs', o.dtS * 1e3, 'a positive exchange period', 'use e.g. 1 ms');
  if (!(o.lo < o.hi)) throw new ValidationError('body joint limits', [o.lo, o.hi], 'lo < hi', 'pick a revolute joint with limits');
  return defineTransceiver<MotorDriveState>({
    name: 'motor-region→joint',
    reads: { [o.read]: 'analog' },
    writes: { [o.write]: 'analog' },
    init: () => ({ theta: 0, clamped: false }),
    fn(inputs, state, ctx) {
      const r = (inputs[o.read] as Float64Array)[o.region] as number;
      const theta = motorTarget(o, state.theta, r);
      const clamped = theta === o.lo || theta === o.hi;
      if (clamped && !state.clamped) ctx.report('joint-target-clamped', { port: o.write, theta, rateHz: r, limits: [o.lo, o.hi] });
      state.clamped = clamped;
      state.theta = theta;
      o.onTarget?.(ctx.tNs, r, theta);
      return { [o.write]: Float64Array.of(theta) };
    },
  });
}

/** Options of the proprioceptive feedback transceiver. */
export interface FeedbackOptions {
  /** Joint position port, e.g. 'arm.base_yaw.position'. */
  readonly read: string;
  /** Drive port of the mean-field engine, e.g. 'tvb.drive'. */
  readonly write: string;
  readonly nRegions: number;
  readonly region: number;
  /** Drive per rad (model units, 1/ms for Jansen–Rit). */
  readonly gain: number;
  readonly refRad: number;
}

/** Joint angle → drive into a somatosensory region. */
export function proprioceptiveFeedbackTransceiver(o: FeedbackOptions): Transceiver<Float64Array> {
  if (!Number.isFinite(o.gain)) throw new ValidationError('params.body.feedbackGain', o.gain, 'a finite number', 'use e.g. 0.01 (1/ms per rad) or 0 for no feedback');
  return defineTransceiver<Float64Array>({
    name: 'joint→sensory-region',
    reads: { [o.read]: 'analog' },
    writes: { [o.write]: 'analog' },
    init: () => new Float64Array(o.nRegions),
    fn(inputs, drive) {
      const q = (inputs[o.read] as Float64Array)[0] as number;
      drive[o.region] = o.gain * (q - o.refRad);
      return { [o.write]: drive.slice() };
    },
  });
}
