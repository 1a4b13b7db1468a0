/**
 * The loaded inverted pendulum against rigid-body physics: from rest upright, the payload's gravity
 * torque τ = mL·g·dx starts the pole with α = τ / I_pivot, I_pivot = I_com + M·(x_c² + l²), so after
 * T = 50 ms, q ≈ ½·α·T² (the pole's own unstable gravity term M·g·l·q adds < 1 % by then; tolerance
 * 3 %). Unloaded, the upright pole stays at rest. Bad payloads name the field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BodyEngine } from '../../../bodies/index.js';
import { ValidationError } from '../../../core/errors.js';
import { BODY, POLE, loadedPendulumBody, loadedPendulumRobot, payloadTorqueNm } from '../../../experiments/hybrid/loaded-pendulum.js';

let body: BodyEngine | undefined;
afterEach(async () => {
  await body?.dispose();
  body = undefined;
});

async function angleAfter(massKg: number, offsetM: number, ms: number): Promise<number> {
  body = loadedPendulumBody({ massKg, offsetM });
  await body.init({ seed: 1, startNs: 0, log: () => undefined });
  let out = {};
  for (let t = POLE.bodyDtNs; t <= ms * 1e6; t += POLE.bodyDtNs) out = await body.advance(t, { [BODY.torque]: Float64Array.of(0) });
  return ((out as Record<string, Float64Array>)[BODY.q] as Float64Array)[0] as number;
}

describe('loaded inverted pendulum (bodies/ Rapier)', () => {
  it('the payload torque starts the pole with α = mL·g·dx / I_pivot', async () => {
    const mL = 0.1, dx = -0.5, r = POLE.bobRadiusM, rL = 0.04, l = POLE.lengthM, m = POLE.massKg;
    // Parallel axes about the pivot: each sphere's own inertia plus its mass times its squared distance.
    const iRef = 0.4 * m * r * r + m * l * l + 0.4 * mL * rL * rL + mL * (dx * dx + l * l);
    const alpha = payloadTorqueNm({ massKg: mL, offsetM: dx }) / iRef;
    const T = 0.05;
    const q = await angleAfter(mL, dx, T * 1000);
    expect(q).toBeLessThan(0);
    expect(Math.abs(q / (0.5 * alpha * T * T) - 1)).toBeLessThan(0.03);
  });

  it('unloaded, the upright pole stays at rest', async () => {
    expect(Math.abs(await angleAfter(0, 0, 500))).toBeLessThan(1e-9);
  });

  it('rejects a bad payload naming the field', () => {
    expect(() => loadedPendulumRobot({ massKg: -1, offsetM: 0 })).toThrow(ValidationError);
    expect(() => loadedPendulumRobot({ massKg: 0.1, offsetM: 3 })).toThrow(/load\.offsetM/);
  });
});
