/**
 * The planar arm model of the reaching experiment against the Rapier arm (bodies/), and the
 * minimum-jerk path against its closed forms. References: statics (Σ m·g·lever), the arm's
 * geometry, and Flash & Hogan's polynomial (midpoint at T/2, peak speed 1.875·Δq/T).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../../bodies/body-engine.js';
import { armRobot } from '../../../bodies/robots/arm.js';
import { WorldEnvironment } from '../../../environments/world-environment.js';
import type { Outputs } from '../../../core/ports.js';
import { ARM_GEOMETRY, gravityHoldTorques, handPosition } from '../../../experiments/reaching/arm-model.js';
import reaching, { LOAD_XYZ } from '../../../experiments/reaching/index.js';
import { minimumJerk } from '../../../experiments/reaching/trajectory.js';
import { runExperiment } from '../../../experiments/framework/runner.js';
import type { ReachTrialScore } from '../../../experiments/reaching/analysis.js';

const MS = 1_000_000;
const engines: BodyEngine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
});
const v = (o: Outputs, port: string, i = 0): number => (o[port] as Float64Array)[i] as number;

/** Holds the arm in position mode at (s, e) for 1.5 s, with or without the load attached. */
async function hold(s: number, e: number, loadKg: number, attached: boolean): Promise<Outputs> {
  const env = new WorldEnvironment({ payloads: [{ name: 'load', link: 'forearm', xyz: LOAD_XYZ, massKg: loadKg, size: [0.05, 0.05, 0.05] }] });
  const arm = new BodyEngine({ robot: armRobot({ mode: 'position', stiffness: 200, damping: 10, imu: false }), environment: env, substeps: 4 });
  engines.push(arm);
  await arm.init({ seed: 1, startNs: 0, log: () => undefined });
  let out: Outputs = {};
  const one = (x: number) => Float64Array.of(x);
  for (let k = 1; k <= 1500; k++) out = await arm.advance(k * MS, { 'shoulder.command': one(s), 'elbow.command': one(e), 'base_yaw.command': one(0), 'load.attached': one(attached ? 1 : 0) });
  return out;
}

describe('planar arm model vs the Rapier arm', () => {
  it('forward kinematics gives the hand pose sensor to < 1 mm', async () => {
    for (const [s, e] of [[0.6, 1.0], [-0.4, 0.8], [0.2, -0.5]] as const) {
      const o = await hold(s, e, 0.5, false);
      const h = handPosition(ARM_GEOMETRY, v(o, 'shoulder.position'), v(o, 'elbow.position'));
      expect(Math.abs(v(o, 'hand.pose', 0) - (h[0] as number))).toBeLessThan(1e-3);
      expect(Math.abs(v(o, 'hand.pose', 1))).toBeLessThan(1e-3);
      expect(Math.abs(v(o, 'hand.pose', 2) - (h[1] as number))).toBeLessThan(1e-3);
    }
  });

  it('static drive torques match the model with and without the out-of-plane load (2 %)', async () => {
    const tau = new Float64Array(2);
    for (const attached of [true, false]) {
      const o = await hold(0.6, 1.0, 0.5, attached);
      gravityHoldTorques(ARM_GEOMETRY, v(o, 'shoulder.position'), v(o, 'elbow.position'), { kg: attached ? 0.5 : 0, distM: LOAD_XYZ[2] }, tau);
      // Rapier's f32 joints and the drive's residual velocity: 2 % (as in tests/bodies/urdf.test.ts).
      expect(Math.abs(v(o, 'shoulder.effort') / (tau[0] as number) - 1)).toBeLessThan(0.02);
      expect(Math.abs(v(o, 'elbow.effort') / (tau[1] as number) - 1)).toBeLessThan(0.02);
    }
  });

  it("the experiment's PD sags under the load to its static equilibrium Kp·(q_d − q) = τ_hold,loaded(q) − τ_hold,unloaded(q_d)", async () => {
    const res = await runExperiment(reaching, { seed: 1, set: { conditions: ['pd-only'], trials: 1, loadTrial: 0, trialMs: 4000, endWindowMs: 200 } });
    expect(res.state, String(res.error)).toBe('completed');
    const t = (res.metrics as { trials: ReachTrialScore[] }).trials[0] as ReachTrialScore;
    const kp = [30, 15];
    const qd = [0.6, 1.0];
    const q = [qd[0]! - t.jointErrorRad[0], qd[1]! - t.jointErrorRad[1]];
    const loaded = gravityHoldTorques(ARM_GEOMETRY, q[0]!, q[1]!, { kg: 0.5, distM: LOAD_XYZ[2] }, new Float64Array(2));
    const ff = gravityHoldTorques(ARM_GEOMETRY, qd[0]!, qd[1]!, { kg: 0, distM: 0 }, new Float64Array(2));
    for (let j = 0; j < 2; j++) {
      const pd = kp[j]! * t.jointErrorRad[j]!;
      // The sag is several degrees (0.079 rad at both joints, measured); the PD balances the torque
      // the load adds to within 1 % of it (measured residual ≈ 1e-4 of it after 4 s).
      expect(Math.abs(t.jointErrorRad[j]!)).toBeGreaterThan(0.03);
      expect(Math.abs(pd + ff[j]! - loaded[j]!)).toBeLessThan(0.01 * Math.abs(loaded[j]! - ff[j]!));
    }
  }, 30_000);
});

describe('minimum-jerk path (Flash & Hogan 1985)', () => {
  it('starts and ends at rest, passes the midpoint at T/2 with peak speed 1.875·Δq/T', () => {
    const reach = { from: [0, 0.2], to: [0.6, -0.8], durationMs: 400 };
    const pos = new Float64Array(2);
    const vel = new Float64Array(2);
    minimumJerk(reach, 0, pos, vel);
    expect([...pos]).toEqual([0, 0.2]);
    expect([...vel]).toEqual([0, 0]);
    minimumJerk(reach, 200, pos, vel);
    expect(pos[0]).toBeCloseTo(0.3, 12);
    expect(pos[1]).toBeCloseTo(-0.3, 12);
    expect(vel[0]).toBeCloseTo((1.875 * 0.6) / 0.4, 10);
    expect(vel[1]).toBeCloseTo((1.875 * -1.0) / 0.4, 10);
    // Velocity is the derivative of position (central difference, 1 µs).
    const p1 = new Float64Array(2), p2 = new Float64Array(2), tmp = new Float64Array(2);
    minimumJerk(reach, 123.001, p2, tmp);
    minimumJerk(reach, 122.999, p1, tmp);
    minimumJerk(reach, 123, pos, vel);
    expect(vel[0]).toBeCloseTo(((p2[0] as number) - (p1[0] as number)) / 0.002e-3, 5);
    minimumJerk(reach, 400, pos, vel);
    expect([...pos]).toEqual([0.6, -0.8]);
    minimumJerk(reach, 900, pos, vel);
    expect([...pos]).toEqual([0.6, -0.8]);
    expect([...vel]).toEqual([0, 0]);
  });
});
