/**
 * Sensors and actuators against physics: IMU specific force (+g at rest, 0 in free fall), contact
 * force of a resting box (= m·g), noise models (latency shifts by whole steps, quantisation,
 * gaussian std, seeded), Hill muscle curves and activation dynamics (analytic exponentials).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BodyEngine } from '../../bodies/body-engine.js';
import { forceLength, forceVelocity, passiveForce } from '../../bodies/actuators/hill-muscle.js';
import { pendulumRobot } from '../../bodies/robots/pendulum.js';
import { WorldEnvironment } from '../../environments/world-environment.js';
import { cmd, run, start, val } from './helpers.js';

const engines: BodyEngine[] = [];
afterEach(() => { while (engines.length) engines.pop()!.dispose(); });
function mk(robot: unknown, env?: unknown, extra = {}): BodyEngine {
  const e = new BodyEngine({ robot, ...(env ? { environment: new WorldEnvironment(env) } : {}), ...extra });
  engines.push(e);
  return e;
}
const box = (z: number, extraSensors: unknown[] = []) => ({
  name: 'box', base: { type: 'floating', xyz: [0, 0, z] },
  links: [{ name: 'box', mass: 2, inertia: { ixx: 0.01, iyy: 0.01, izz: 0.01 }, colliders: [{ shape: 'box', size: [0.2, 0.2, 0.2] }] }],
  sensors: [{ type: 'imu', name: 'imu', link: 'box' }, { type: 'contact', name: 'touch', link: 'box' }, ...extraSensors],
});

describe('IMU and contact', () => {
  it('free fall reads 0 specific force; resting on the ground reads +g and the contact force m·g', async () => {
    const e = mk(box(1.0), { ground: {} });
    await start(e);
    const fall = await run(e, 0, 200, () => ({}));
    // Still falling at 0.2 s (drop 0.2 m of 0.9 m): accelerometer ≈ 0 (to f32 rounding of the velocity difference).
    for (let i = 0; i < 3; i++) expect(Math.abs(val(fall.out, 'imu.linearAcceleration', i))).toBeLessThan(0.05);
    expect(val(fall.out, 'touch.force')).toBe(0);
    const rest = await run(e, fall.t, 1500, () => ({}));
    expect(val(rest.out, 'imu.linearAcceleration', 2)).toBeCloseTo(9.81, 2);
    // Contact solver impulses at rest balance gravity: 2 kg · 9.81 within 1 %.
    expect(Math.abs(val(rest.out, 'touch.force') / (2 * 9.81) - 1)).toBeLessThan(0.01);
  });
});

describe('noise models', () => {
  const noisy = (noise: object) => ({ ...pendulumRobot(), sensors: [{ type: 'encoder', name: 'hinge', joint: 'hinge', noise }, { type: 'encoder', name: 'truth', joint: 'hinge' }] });
  const drive = (k: number) => ({ 'torque.command': cmd(Math.sin(k / 20)) });

  it('latency delays the reading by exactly latencyMs / dt steps', async () => {
    const e = mk(noisy({ latencyMs: 3 }));
    await start(e);
    const got: number[] = [], truth: number[] = [];
    await run(e, 0, 60, drive, (o) => { got.push(val(o, 'hinge.position')); truth.push(val(o, 'truth.position')); });
    for (let k = 3; k < 60; k++) expect(got[k]).toBe(truth[k - 3]);
    expect(() => mk(noisy({ latencyMs: 0.5 }))).not.toThrow();
  });
  it('latency that is not a whole number of steps is rejected at init', async () => {
    const e = mk(noisy({ latencyMs: 0.5 }));
    await expect(start(e)).rejects.toThrow(/latencyMs/);
  });
  it('quantisation rounds to the resolution; gaussian noise has the given std and is seeded', async () => {
    const q = 2 * Math.PI / 4096;
    const e = mk(noisy({ quantum: q }));
    await start(e);
    await run(e, 0, 50, drive, (o) => {
      const x = val(o, 'hinge.position');
      expect(Math.abs(x / q - Math.round(x / q))).toBeLessThan(1e-9);
      expect(Math.abs(x - val(o, 'truth.position'))).toBeLessThanOrEqual(q / 2 + 1e-12);
    });
    const sd = 0.01;
    const series = async (seed: number) => {
      const g = mk(noisy({ gaussianStd: sd }));
      await start(g, seed);
      const d: number[] = [];
      await run(g, 0, 2000, drive, (o) => d.push(val(o, 'hinge.position') - val(o, 'truth.position')));
      return d;
    };
    const a = await series(7), b = await series(7), c = await series(8);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const std = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1));
    // n = 2000: the sample std is within 5 % of sd with probability > 0.99 (its relative SE is 1/sqrt(2n) ≈ 1.6 %).
    expect(Math.abs(std / sd - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean)).toBeLessThan(4 * sd / Math.sqrt(2000));
  });
});

describe('noise and snapshots', () => {
  it('restore continues bit-identically with gaussian noise and latency', async () => {
    const robot = { ...pendulumRobot(), sensors: [{ type: 'encoder', name: 'hinge', joint: 'hinge', noise: { gaussianStd: 0.01, latencyMs: 2 } }] };
    const e = mk(robot);
    await start(e);
    const drive = (k: number) => ({ 'torque.command': cmd(Math.sin(k / 20)) });
    const a0 = await run(e, 0, 37, drive);
    const snap = e.snapshot();
    const a: number[] = [], b: number[] = [];
    await run(e, a0.t, 50, (k) => drive(k + 37), (o) => a.push(val(o, 'hinge.position'), val(o, 'hinge.velocity')));
    e.restore(snap);
    await run(e, a0.t, 50, (k) => drive(k + 37), (o) => b.push(val(o, 'hinge.position'), val(o, 'hinge.velocity')));
    expect(b).toEqual(a);
  });
});

describe('Hill muscle pair', () => {
  it('curves: fL(1) = 1, fV(0) = 1, fV(vmax) = 0, fV(−∞) → 1.8, passive only beyond optimal length', () => {
    expect(forceLength(1)).toBe(1);
    expect(forceVelocity(0)).toBe(1);
    expect(forceVelocity(1)).toBe(0);
    expect(forceVelocity(-1e6)).toBeCloseTo(1.8 + (0.8 * 0.25) / 7.56, 3);
    expect(passiveForce(0.9)).toBe(0);
    expect(passiveForce(1.5)).toBeCloseTo(1, 12);
  });

  it('activation follows 1 − exp(−t/τ) and the isometric torque is r·Fmax·a (joint held at 0 by its limits)', async () => {
    const robot = {
      name: 'limb', base: { type: 'fixed' },
      links: [
        { name: 'base', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 } },
        { name: 'limb', mass: 1, com: [0.2, 0, 0], inertia: { ixx: 1e-3, iyy: 1e-3, izz: 1e-3 } },
      ],
      joints: [{ name: 'j', type: 'revolute', parent: 'base', child: 'limb', axis: [0, 0, 1], limits: { lower: 0, upper: 0 } }],
      actuators: [{ type: 'muscle', name: 'm', joint: 'j', maxIsometricForceN: 100, momentArmM: 0.02, optimalLengthM: 0.1, activationTauMs: 10, deactivationTauMs: 40 }],
    };
    const e = mk(robot);
    await start(e);
    await run(e, 0, 30, () => ({ 'm.command': cmd(1) }), (o, k) => {
      const t = (k + 1) * 1e-3;
      expect(val(o, 'm.activation', 0)).toBeCloseTo(1 - Math.exp(-t / 0.01), 9);
      expect(val(o, 'm.activation', 1)).toBe(0);
      expect(Math.abs(val(o, 'm.torque') - 0.02 * 100 * val(o, 'm.activation', 0))).toBeLessThan(1e-3 * 0.02 * 100);
    });
    const off = await run(e, 30e6, 20, () => ({ 'm.command': cmd(0) }));
    const a30 = 1 - Math.exp(-3);
    expect(val(off.out, 'm.activation', 0)).toBeCloseTo(a30 * Math.exp(-0.02 / 0.04), 9);
    expect(() => e.advance(off.t + 1e6, { 'm.command': cmd(1.5) })).toThrow(/m\.command/);
  });
});
