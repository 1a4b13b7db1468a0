/**
 * Monitors against analytic references: TemporalAverage window means, the BOLD (Volterra) impulse
 * response peaking where d/dt hrf = 0 (t* = atan(2 τ_s ω)/ω ≈ 0.80 s for TVB defaults), and the
 * Balloon–Windkessel model's analytic steady state and second-order convergence.
 */
import { describe, expect, it } from 'vitest';
import {
  BoldMonitor, TemporalAverageMonitor, RawMonitor, VOLTERRA_DEFAULTS, balloonSteadyState, balloonWindkessel,
} from '../../../brains/meanfield/index.js';

describe('TemporalAverage and Raw', () => {
  it('averages consecutive windows of period/dt steps; Raw emits every step', () => {
    const got: [number, number][] = [];
    const m = new TemporalAverageMonitor(0.25, 1, 1, (t, v) => got.push([t, v[0] as number]));
    const raw = new RawMonitor(0.25, 1);
    for (let s = 1; s <= 12; s++) {
      m.sample(s, Float64Array.of(s));
      expect(raw.sample(s, Float64Array.of(s))).toBe(true);
    }
    expect(got).toEqual([[1, 2.5], [2, 6.5], [3, 10.5]]);
  });
});

describe('BOLD monitor (first-order Volterra kernel)', () => {
  it('a 4 ms pulse gives a response peaking at atan(2 τ_s ω)/ω after it (±4 ms), baseline (Σhrf·0 − 1)·k1·V0', () => {
    const { tau_s, tau_f, k_1, V_0 } = VOLTERRA_DEFAULTS;
    const w = Math.sqrt(1 / tau_f - 1 / (4 * tau_s * tau_s));
    const tPeakMs = (1000 * Math.atan(2 * tau_s * w)) / w;
    expect(tPeakMs).toBeCloseTo(801.6, 0);
    const samples: [number, number][] = [];
    const m = new BoldMonitor(1, 1, { periodMs: 4 }, (t, v) => samples.push([t, v[0] as number]));
    const pulseStart = 100;
    for (let s = 1; s <= 2500; s++) m.sample(s, Float64Array.of(s > pulseStart && s <= pulseStart + 4 ? 1 : 0));
    expect(samples[0]?.[1]).toBeCloseTo(-k_1 * V_0, 12);
    let best = samples[0] as [number, number];
    for (const sm of samples) if (sm[1] > best[1]) best = sm;
    // The pulse occupies stock sample ending at t = 104 ms.
    expect(Math.abs(best[0] - (pulseStart + 4) - tPeakMs)).toBeLessThanOrEqual(4);
  });
  it('rejects a dt that does not divide the 4 ms stock period', () => {
    expect(() => new BoldMonitor(0.3, 1)).toThrow(/Bold\.dtMs/);
  });
});

describe('Balloon–Windkessel', () => {
  it('zero input stays at rest with BOLD exactly 0', () => {
    const y = balloonWindkessel(new Float64Array(1000), 1, 0.01);
    expect(Math.max(...Array.from(y, Math.abs))).toBe(0);
  });
  it('constant input reaches the analytic steady state (|ΔBOLD| < 1e-6 after 120 s)', () => {
    const x = new Float64Array(12000).fill(0.3);
    const y = balloonWindkessel(x, 1, 0.01);
    const ss = balloonSteadyState(0.3);
    expect(ss.bold).toBeGreaterThan(0.5);
    expect(Math.abs((y[y.length - 1] as number) - ss.bold)).toBeLessThan(1e-6);
  });
  it('Heun is second order on a 1 s pulse response', () => {
    const run = (dt: number): number => {
      const nT = Math.round(10 / dt);
      const x = new Float64Array(nT);
      for (let k = 0; k < nT; k++) x[k] = k * dt < 1 ? 1 : 0;
      const y = balloonWindkessel(x, 1, dt);
      return y[Math.round(4 / dt) - 1] as number;
    };
    const a = run(0.02), b = run(0.01), c = run(0.005);
    const order = Math.log2(Math.abs(a - b) / Math.abs(b - c));
    expect(order).toBeGreaterThan(1.8);
    expect(order).toBeLessThan(2.3);
  });
});
