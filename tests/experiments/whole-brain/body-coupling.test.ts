/**
 * Body coupling of the `whole-brain` experiment: the lM1 rate drives the arm's base yaw (velocity
 * command integrated into a PD target). Checks against closed forms:
 *   - the target is θ_k = clamp(θ_{k−1} + g·(r_k − r0)·Δt) of the recorded rates,
 *   - the Rapier joint angle is the response of I·θ̈ = k·(θ_target − θ) − (d + b)·θ̇ to that target
 *     (I = Σ izz of the links about the vertical axis, the arm upright; b = URDF joint damping),
 *     including the ramp lag (d + b)·v/k,
 *   - runs are bit-identical for the same seed; the proprioceptive feedback drives lS1.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../../experiments/framework/runner.js';
import wholeBrain from '../../../experiments/whole-brain/index.js';
import { motorTarget, proprioceptiveFeedbackTransceiver } from '../../../experiments/whole-brain/body-coupling.js';

interface BodySeries { tMs: number[]; rateHz: number[]; targetRad: number[]; angleRad: number[]; angleTMs: number[] }

const base = { durationMs: 1500, transientMs: 200, replace: 'none', boldPeriodMs: 500, 'body.enabled': true };
// Arm yaw inertia with the arm upright (bodies/robots/arm.ts): turret + upper arm + forearm + hand izz.
const I_YAW = 6.25e-4 + 4.5e-4 + 2.5e-4 + 3.6e-5;
const K = 20;
const D = 1 + 0.05; // drive damping + URDF joint damping
const G = 0.1;
const R0 = 2.5;

async function run(extra: Record<string, unknown> = {}): Promise<{ s: BodySeries; metrics: Record<string, unknown>; plots: Record<string, unknown> }> {
  const r = await runExperiment(wholeBrain, { seed: 3, set: { ...base, ...extra } });
  expect(r.error).toBeUndefined();
  const body = r.metrics['body'] as { series: BodySeries };
  return { s: body.series, metrics: r.metrics, plots: r.plots };
}

describe('whole-brain body coupling', () => {
  it('joint target integrates the lM1 rate and the angle follows it as the PD closed form says; deterministic', async () => {
    const a = await run();
    const s = a.s;
    expect(s.tMs.length).toBe(1500);
    expect(s.tMs[0]).toBe(0);
    // 1. The target is the clamped running integral of the rate (Δt = 1 ms exchange).
    let theta = 0;
    for (let k = 0; k < s.tMs.length; k++) {
      theta = Math.min(2.8, Math.max(-2.8, theta + G * ((s.rateHz[k] as number) - R0) * 1e-3));
      expect(Math.abs((s.targetRad[k] as number) - theta)).toBeLessThan(1e-12);
    }
    expect(Math.abs(theta)).toBeGreaterThan(0.3); // the arm really moved
    // 2. The angle: I θ̈ = K (target − θ) − D θ̇, target held over each 1 ms exchange (RK4, 20 substeps).
    let q = 0;
    let w = 0;
    const h = 1e-3 / 20;
    const f = (tg: number, qq: number, ww: number): [number, number] => [ww, (K * (tg - qq) - D * ww) / I_YAW];
    let worst = 0;
    for (let k = 0; k + 1 < s.angleRad.length && k < s.targetRad.length; k++) {
      expect(s.angleTMs[k + 1]).toBe((s.tMs[k] as number) + 1);
      const tg = s.targetRad[k] as number;
      for (let m = 0; m < 20; m++) {
        const [a1, b1] = f(tg, q, w);
        const [a2, b2] = f(tg, q + (h / 2) * a1, w + (h / 2) * b1);
        const [a3, b3] = f(tg, q + (h / 2) * a2, w + (h / 2) * b2);
        const [a4, b4] = f(tg, q + h * a3, w + h * b3);
        q += (h / 6) * (a1 + 2 * a2 + 2 * a3 + a4);
        w += (h / 6) * (b1 + 2 * b2 + 2 * b3 + b4);
      }
      worst = Math.max(worst, Math.abs((s.angleRad[k + 1] as number) - q));
    }
    // Rapier (explicit PD every 0.25 ms substep, rigid multibody) vs the linear ODE: within 0.2 mrad
    // over a ~0.36 rad excursion (measured 0.03 mrad).
    expect(worst).toBeLessThan(2e-4);
    // 3. Ramp lag: at the end, target − angle ≈ D·v/K with v = G·(r − r0) over the last 200 ms (±3 %).
    const n = s.angleRad.length;
    const vMean = (G * (s.rateHz.slice(-200).reduce((x, y) => x + y, 0) / 200 - R0));
    const lag = (s.targetRad[n - 2] as number) - (s.angleRad[n - 1] as number);
    expect(Math.abs(lag - (D * vMean) / K) / ((D * vMean) / K)).toBeLessThan(0.03);
    // 4. Plot present; same seed, same series bit for bit.
    expect(Object.keys(a.plots)).toContain('body-coupling');
    const b = await run();
    expect(b.s).toEqual(s);
  }, 60_000);

  it('proprioceptive feedback: drive[lS1] = f·θ, and it changes lS1 in the closed loop', async () => {
    const tc = proprioceptiveFeedbackTransceiver({ read: 'arm.base_yaw.position', write: 'tvb.drive', nRegions: 5, region: 3, gain: 0.02, refRad: 0 });
    const st = tc.init?.() as Float64Array;
    const out = tc.fn({ 'arm.base_yaw.position': Float64Array.of(0.5) }, st, {} as never)['tvb.drive'] as Float64Array;
    expect(Array.from(out)).toEqual([0, 0, 0, 0.02 * 0.5, 0]);
    expect(motorTarget({ mode: 'position', gain: 0.2, baselineHz: 2.5, dtS: 1e-3, lo: -1, hi: 1 }, 0.7, 4)).toBeCloseTo(0.3, 15);
    expect(motorTarget({ mode: 'velocity', gain: 1, baselineHz: 0, dtS: 1, lo: -1, hi: 1 }, 0.7, 4)).toBe(1);
    const off = await run();
    const on = await run({ 'body.feedbackGain': -0.05 });
    const lS1 = (m: Record<string, unknown>): number => (m['regions'] as { label: string; meanRateHz: number }[]).find((r) => r.label === 'lS1')?.meanRateHz as number;
    expect(lS1(on.metrics)).not.toBe(lS1(off.metrics));
    expect((on.metrics['body'] as Record<string, unknown>)['sensoryRegion']).toBe('lS1');
  }, 60_000);

  it('rejects an unknown motor region with the field named', async () => {
    const res = await runExperiment(wholeBrain, { seed: 1, set: { ...base, 'body.motorRegion': 'lNOPE' } }).catch((e: unknown) => e);
    const err = res instanceof Error ? res : (res as { error?: Error }).error;
    expect(String(err)).toMatch(/params\.body\.motorRegion/);
  });
});
