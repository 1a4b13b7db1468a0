/**
 * Body engine against analytic mechanics. Tolerances and why:
 * - free fall: any first-order integrator at step dt is within ½·g·dt·t of ½·g·t²; Rapier stores positions
 *   in f32, so we add n·ulp_f32(10 m) = n·9.5e-7 m for rounding (up to one ulp per step) and the continuous ½gt² to ½·g·dt·t.
 * - pendulum period: 0.2 % (symplectic Euler at dt = 1 ms, ω·dt ≈ 4e-3, amplitude ≈ 0.05 rad whose
 *   finite-amplitude correction θ²/16 ≈ 1.6e-4 is below that).
 * - motor holding against gravity: the PD fixed point θ = θ* − m·g·l·sin θ / k to 2 mrad.
 * - joint limits: within 5 mrad of the limit after 2 s pushing against it (constraint softness).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { pendulumInertia, pendulumRobot } from '../../bodies/robots/pendulum.js';
import { cartPoleRobot } from '../../bodies/robots/cart-pole.js';
import type { RobotDescInput } from '../../bodies/robot-desc.js';
import { describeEngineConformance } from '../conformance/engine-conformance.js';
import { cmd, run, start, val } from './helpers.js';

const engines: BodyEngine[] = [];
function make(robot: unknown, extra: Partial<ConstructorParameters<typeof BodyEngine>[0]> = {}): BodyEngine {
  const e = new BodyEngine({ robot, ...extra });
  engines.push(e);
  return e;
}
afterEach(() => {
  while (engines.length) engines.pop()!.dispose();
});

describeEngineConformance('BodyEngine (pendulum)', {
  create: () => new BodyEngine({ robot: pendulumRobot() }),
  inputs: (k) => ({ 'torque.command': cmd(Math.sin(k / 3)) }),
});
describeEngineConformance('BodyEngine (cart-pole, 2 substeps)', {
  create: () => new BodyEngine({ robot: cartPoleRobot(), substeps: 2 }),
  inputs: (k) => ({ 'cart.command': cmd(k % 2 ? 3 : -3) }),
});

/** One link on a hinge about +Y with its mass `l` below the pivot (angle 0 = hanging). */
function arm(l: number, extra: Partial<RobotDescInput> & { joint?: object; actuator?: object } = {}): RobotDescInput {
  return {
    name: 'arm1',
    base: { type: 'fixed', xyz: [0, 0, 1] },
    links: [
      { name: 'base', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 } },
      { name: 'link', mass: 1, com: [0, 0, -l], inertia: { ixx: 1e-3, iyy: 1e-3, izz: 1e-3 } },
    ],
    joints: [{ name: 'j', type: 'revolute', parent: 'base', child: 'link', axis: [0, 1, 0], limits: { lower: -3, upper: 3 }, ...(extra.joint ?? {}) }],
    sensors: [{ type: 'encoder', name: 'j', joint: 'j' }],
    actuators: extra.actuator ? [extra.actuator as never] : [],
  };
}

describe('analytic mechanics', () => {
  it('free fall matches ½gt² within the integrator and f32 bounds', async () => {
    const e = make({
      name: 'ball', base: { type: 'floating', xyz: [0, 0, 10] },
      links: [{ name: 'ball', mass: 2, inertia: { ixx: 0.01, iyy: 0.01, izz: 0.01 }, colliders: [{ shape: 'sphere', radius: 0.1 }] }],
      sensors: [{ type: 'pose', name: 'ball', link: 'ball' }],
    });
    await start(e);
    const g = 9.81, dt = 1e-3;
    await run(e, 0, 500, () => ({}), (out, k) => {
      const n = k + 1;
      const z = val(out, 'ball.pose', 2);
      const t = n * dt;
      expect(Math.abs(z - (10 - 0.5 * g * t * t))).toBeLessThanOrEqual(0.5 * g * dt * t + n * 9.5e-7 + 1e-6);
    });
  });

  it('small-angle pendulum period equals 2π·sqrt(I/(m·g·l)) within 0.2 %', async () => {
    const e = make(pendulumRobot());
    await start(e);
    const { t } = await run(e, 0, 25, () => ({ 'torque.command': cmd(2) }));
    let last = 0;
    const crossings: number[] = [];
    let amp = 0;
    await run(e, t, 6000, () => ({ 'torque.command': cmd(0) }), (out, _k, tNs) => {
      const v = val(out, 'hinge.velocity');
      amp = Math.max(amp, Math.abs(val(out, 'hinge.position')));
      if (last > 0 && v <= 0) crossings.push(tNs / 1e9 - (1e-3 * v) / (v - last));
      last = v;
    });
    const T = (crossings[crossings.length - 1]! - crossings[0]!) / (crossings.length - 1);
    const Tref = 2 * Math.PI * Math.sqrt(pendulumInertia() / (1 * 9.81 * 0.5));
    expect(amp).toBeGreaterThan(0.01);
    expect(amp).toBeLessThan(0.1);
    expect(crossings.length).toBeGreaterThan(3);
    expect(Math.abs(T / Tref - 1)).toBeLessThan(2e-3);
  });

  it('a position motor holds a target against gravity at the PD fixed point', async () => {
    const k = 200, l = 0.4, m = 1, g = 9.81;
    const e = make(arm(l, { actuator: { type: 'motor', name: 'm', joint: 'j', mode: 'position', maxForce: 50, stiffness: k, damping: 10 } }));
    await start(e);
    const target = 1.0;
    const { out } = await run(e, 0, 3000, () => ({ 'm.command': cmd(target) }));
    // Fixed point of k(θ* − θ) = m g l sin θ (gravity torque about the pivot for angle θ from hanging).
    let th = target;
    for (let i = 0; i < 100; i++) th = target - (m * g * l * Math.sin(th)) / k;
    expect(Math.abs(val(out, 'j.position') - th)).toBeLessThan(2e-3);
    expect(Math.abs(val(out, 'j.velocity'))).toBeLessThan(1e-3);
  });

  it('a torque motor saturates at its effort limit and reports it', async () => {
    const e = make(pendulumRobot({ effortNm: 2 }));
    await start(e);
    const { out } = await run(e, 0, 1, () => ({ 'torque.command': cmd(50) }));
    expect(val(out, 'torque.effort')).toBe(2);
    // Angular acceleration from rest equals effort / I (gravity torque is 0 when hanging).
    const alpha = val(out, 'hinge.velocity') / 1e-3;
    expect(Math.abs(alpha / (2 / pendulumInertia()) - 1)).toBeLessThan(1e-3);
  });

  it('revolute limits hold (set after creation, G4), also with a rotated joint origin', async () => {
    for (const rpy of [[0, 0, 0], [0.3, -0.2, 0.7]] as const) {
      const e2 = make(arm(0.3, { joint: { limits: { lower: -0.2, upper: 0.5 }, rpy }, actuator: { type: 'motor', name: 'm', joint: 'j', mode: 'torque', maxForce: 100 } }));
      await start(e2);
      const up = await run(e2, 0, 2000, () => ({ 'm.command': cmd(20) }));
      expect(Math.abs(val(up.out, 'j.position') - 0.5)).toBeLessThan(5e-3);
      const down = await run(e2, up.t, 2000, () => ({ 'm.command': cmd(-20) }));
      expect(Math.abs(val(down.out, 'j.position') + 0.2)).toBeLessThan(5e-3);
    }
  });

  it('prismatic joint: cart accelerates at F/(m_cart+m_pole) and stops at the rail limit', async () => {
    const e = make(cartPoleRobot({ railHalfLengthM: 0.5 }));
    await start(e);
    const first = await run(e, 0, 1, () => ({ 'cart.command': cmd(5.5) }));
    // From rest with the pole upright, a free uniform pole (I_c = m·h²/3 about its centre) reacts with
    // only part of its mass: ẍ = F / (m_c + m_p·I_c/(I_c + m_p·h²)) = F / (m_c + m_p/4).
    expect(Math.abs(val(first.out, 'cart.velocity') / 1e-3 / (5.5 / (1 + 0.1 / 4)) - 1)).toBeLessThan(5e-3);
    const r = await run(e, first.t, 3000, () => ({ 'cart.command': cmd(5) }));
    expect(Math.abs(val(r.out, 'cart.position') - 0.5)).toBeLessThan(5e-3);
  });
});

describe('determinism, reset, snapshot/restore', () => {
  const inputs = (k: number) => ({ 'cart.command': cmd(8 * Math.sin(k / 17)) });
  async function trace(e: BodyEngine, t0: number, n: number): Promise<number[]> {
    const xs: number[] = [];
    await run(e, t0, n, (k) => inputs(k + t0 / 1e6), (out) => { xs.push(val(out, 'cart.position'), val(out, 'pole.position'), val(out, 'pole.velocity')); });
    return xs;
  }
  it('two engines with the same inputs are bit-identical', async () => {
    const a = make(cartPoleRobot());
    const b = make(cartPoleRobot());
    await start(a);
    await start(b);
    expect(await trace(a, 0, 800)).toEqual(await trace(b, 0, 800));
  });
  it('restore continues bit-identically', async () => {
    const e = make(cartPoleRobot());
    await start(e);
    await trace(e, 0, 300);
    const snap = e.snapshot();
    const rest1 = await trace(e, 300e6, 500);
    const o = e.restore(structuredClone(snap));
    expect(e.timeNs).toBe(300e6);
    expect(o['pole.position']).toBeInstanceOf(Float64Array);
    const rest2 = await trace(e, 300e6, 500);
    expect(rest2).toEqual(rest1);
  });
  it('reset with keep is rejected: a body has no learnt state', async () => {
    const e = make(pendulumRobot());
    await start(e);
    expect(() => e.reset({ keep: ['weights'] })).toThrow(/keep/);
  });
});
