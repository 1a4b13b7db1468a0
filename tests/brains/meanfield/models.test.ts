/**
 * Model dynamics against independent references: TVB's own model test vectors (tvb-library
 * models_test.py), fixed points/eigenvalues and limit-cycle frequencies computed by an independent
 * numpy transcription (../shared/data/meanfield_reference.json).
 */
import { describe, expect, it } from 'vitest';
import {
  generic2dOscillator, jansenRit, makeIntegrator, midpointState, wilsonCowan, zerlautFirstOrder, type MeanFieldModel,
} from '../../../brains/meanfield/index.js';
import { REF } from './reference.js';

/** Runs one uncoupled node with the given scheme; returns the final state and a sampled observable. */
function runNode(m: MeanFieldModel, x0: Float64Array, kind: 'Euler' | 'Heun' | 'RK4', dtMs: number, steps: number, c0 = 0,
  onStep?: (k: number, x: Float64Array) => void): Float64Array {
  const x = x0.slice();
  const c = new Float64Array(1).fill(c0);
  const integ = makeIntegrator({ kind }, m.stateNames.length, 1, dtMs, m.boundaries, undefined);
  const f = (xx: Float64Array, dx: Float64Array): void => m.dfun(xx, c, 1, dx);
  for (let k = 0; k < steps; k++) {
    integ.step(x, f, undefined);
    onStep?.(k + 1, x);
  }
  return x;
}

/** allclose(actual, expected, rtol, atol) as numpy defines it. */
function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, atol: number): void {
  expected.forEach((e, k) => {
    const a = actual[k] as number;
    expect(Math.abs(a - e), `component ${k}: ${a} vs ${e}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e));
  });
}

function jacobian2(m: MeanFieldModel, x: readonly number[]): number[][] {
  const h = 1e-7;
  const c = new Float64Array(1);
  const f0 = new Float64Array(2);
  const f1 = new Float64Array(2);
  const J = [[0, 0], [0, 0]];
  for (let j = 0; j < 2; j++) {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] = (xp[j] as number) + h;
    xm[j] = (xm[j] as number) - h;
    m.dfun(xp, c, 1, f1);
    m.dfun(xm, c, 1, f0);
    for (let i = 0; i < 2; i++) (J[i] as number[])[j] = ((f1[i] as number) - (f0[i] as number)) / (2 * h);
  }
  return J;
}

function eig2(J: number[][]): { re: [number, number]; im: number } {
  const a = J[0]![0]!, b = J[0]![1]!, c = J[1]![0]!, d = J[1]![1]!;
  const tr = a + d;
  const det = a * d - b * c;
  const disc = (tr * tr) / 4 - det;
  if (disc >= 0) return { re: [tr / 2 + Math.sqrt(disc), tr / 2 - Math.sqrt(disc)], im: 0 };
  return { re: [tr / 2, tr / 2], im: Math.sqrt(-disc) };
}

/** Mean frequency (Hz) from linearly interpolated upward crossings of the mean. */
function crossingFrequencyHz(s: Float64Array, dtMs: number): number {
  let mean = 0;
  for (const v of s) mean += v;
  mean /= s.length;
  const t: number[] = [];
  for (let k = 1; k < s.length; k++) {
    const a = (s[k - 1] as number) - mean;
    const b = (s[k] as number) - mean;
    if (a < 0 && b >= 0) t.push((k - 1 + a / (a - b)) * dtMs);
  }
  return (1000 * (t.length - 1)) / ((t[t.length - 1] as number) - (t[0] as number));
}

describe('TVB model test vectors (forward Euler, dt 0.01 ms, 2000 steps, rtol 1e-6, atol 1e-3)', () => {
  // TVB's Model.stationary_trajectory appends the state after step index s when s % n_skip == 0,
  // for s in range(n_step), after the initial state: its 201st (last) sample is the state after
  // step index 1990, i.e. after 1991 Euler steps. 1990 or 1992 steps miss the vectors (checked).
  const stepsToLastSample = 1 + 10 * (201 - 2);
  const tv = REF['tvb_models_test'];
  const cases: [string, MeanFieldModel][] = [
    ['WilsonCowan', wilsonCowan()],
    ['Generic2dOscillator', generic2dOscillator()],
    ['JansenRit', jansenRit()],
  ];
  for (const [name, m] of cases) {
    it(`${name} matches TVB's expected last sample`, () => {
      const init = Float64Array.from(tv[name].init as number[]);
      // TVB starts from the midpoint of the state ranges; the JSON's init must be exactly that.
      expect(Array.from(midpointState(m, 1))).toEqual(Array.from(init));
      const x = runNode(m, init, 'Euler', 0.01, stepsToLastSample);
      expectAllClose(x, tv[name].expected_tvb, 1e-6, 1e-3);
      // Much tighter against the independent transcription (same arithmetic, double precision).
      expectAllClose(x, tv[name].reimpl, 1e-9, 1e-12);
    });
  }
});

describe('Wilson–Cowan defaults are bistable (reference fixed points and eigenvalues)', () => {
  const m = wilsonCowan();
  const fp = REF['fixed_points_computed']['WilsonCowan_defaults'];
  for (const key of ['stable_high', 'saddle_or_other', 'rest'] as const) {
    it(`${key}: dfun ≈ 0 and eigenvalues match to 1e-6 /ms`, () => {
      const x = fp[key] as number[];
      const dx = new Float64Array(2);
      m.dfun(Float64Array.from(x), new Float64Array(1), 1, dx);
      expect(Math.abs(dx[0] as number)).toBeLessThan(1e-9);
      expect(Math.abs(dx[1] as number)).toBeLessThan(1e-9);
      const ev = eig2(jacobian2(m, x));
      expect(ev.im).toBe(0);
      const got = [...ev.re].sort((a, b) => a - b);
      const want = [...(fp.eigenvalues[key] as number[])].sort((a, b) => a - b);
      expectAllClose(got, want, 0, 1e-6);
    });
  }
  it('trajectories settle on the two stable states, on each side of the saddle', () => {
    const hi = runNode(m, Float64Array.of(0.3, 0.1), 'Heun', 0.1, 5000);
    expectAllClose(hi, fp.stable_high, 0, 1e-6);
    const lo = runNode(m, Float64Array.of(0.1, 0.05), 'Heun', 0.1, 5000);
    expectAllClose(lo, [0, 0], 0, 1e-6);
  });
});

describe('Generic2dOscillator defaults: stable focus, damped oscillation ≈ 10.06 Hz', () => {
  const m = generic2dOscillator();
  const fp = REF['fixed_points_computed']['Generic2dOscillator_defaults'] as number[];
  it('fixed point and complex eigenvalues match the reference to 1e-6 /ms', () => {
    const dx = new Float64Array(2);
    m.dfun(Float64Array.from(fp), new Float64Array(1), 1, dx);
    expect(Math.abs(dx[0] as number) + Math.abs(dx[1] as number)).toBeLessThan(1e-9);
    const ev = eig2(jacobian2(m, fp));
    expect(ev.re[0]).toBeCloseTo(-0.02238679, 6);
    expect(ev.im).toBeCloseTo(0.0632005, 6);
  });
  it('a small kick rings down at 10.06 Hz (±0.05 Hz) — measured from the simulated trajectory', () => {
    const dt = 0.05;
    const steps = 10000;
    const V = new Float64Array(steps);
    runNode(m, Float64Array.of((fp[0] as number) + 0.01, fp[1] as number), 'RK4', dt, steps, 0, (k, x) => (V[k - 1] = (x[0] as number) - (fp[0] as number)));
    // Zero crossings of V − V* (the focus), not of the mean, since the oscillation decays.
    const t: number[] = [];
    for (let k = 1; k < steps; k++) {
      const a = V[k - 1] as number, b = V[k] as number;
      if (a < 0 && b >= 0) t.push((k - 1 + a / (a - b)) * dt);
    }
    expect(t.length).toBeGreaterThanOrEqual(3);
    const f = (1000 * (t.length - 1)) / ((t[t.length - 1] as number) - (t[0] as number));
    expect(Math.abs(f - 10.06)).toBeLessThan(0.05);
  });
});

describe('Jansen–Rit limit cycle (Heun, dt 0.1 ms, zero init, t ∈ [3000, 6000] ms)', () => {
  const cases = [
    ['TVB defaults (v0 = 5.52 mV)', {}, REF['JansenRit_limit_cycle_computed']],
    ['v0 = 6 mV (Jansen & Rit 1995)', { v0: 6 }, REF['JansenRit_limit_cycle_computed_v0_6']],
  ] as const;
  for (const [label, params, ref] of cases) {
    it(`${label}: ${ref.freq_Hz.toFixed(2)} Hz within 0.02 Hz, y1−y2 range within 0.01 mV`, () => {
      const m = jansenRit(params);
      const dt = 0.1;
      const total = 60000;
      const keepFrom = 30000;
      const v = new Float64Array(total - keepFrom);
      runNode(m, new Float64Array(6), 'Heun', dt, total, 0, (k, x) => {
        if (k > keepFrom) v[k - keepFrom - 1] = (x[1] as number) - (x[2] as number);
      });
      const f = crossingFrequencyHz(v, dt);
      expect(Math.abs(f - ref.freq_Hz)).toBeLessThan(0.02);
      let lo = Infinity, hi = -Infinity;
      for (const y of v) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
      expect(Math.abs(lo - ref.y1_minus_y2_min)).toBeLessThan(0.01);
      expect(Math.abs(hi - ref.y1_minus_y2_max)).toBeLessThan(0.01);
    });
  }
});

describe('Zerlaut first-order AdEx mean field against the numpy transcription', () => {
  const z = REF['Zerlaut_first_order_transcription'];
  const m = zerlautFirstOrder();
  it('transfer functions and fluctuation regime (rtol 1e-9)', () => {
    expect(m.tfE(0.01, 0.02, 0.0025, 0, 0)).toBeCloseTo(z['TF_e(fe=0.01,fi=0.02,fe_ext=0.0025,fi_ext=0,W=0)'], 11);
    expectAllClose([m.tfE(0.01, 0.02, 0.0025, 0, 0)], [z['TF_e(fe=0.01,fi=0.02,fe_ext=0.0025,fi_ext=0,W=0)']], 1e-9, 0);
    expectAllClose([m.tfI(0.01, 0.02, 0.0025, 0, 0)], [z['TF_i(fe=0.01,fi=0.02,fe_ext=0.0025,fi_ext=0,W=0)']], 1e-9, 0);
    const r = m.fluct(0.01, 0.02, 0.0025, 0, 0, -65);
    expectAllClose([r.muV, r.sigmaV, r.tauV], z['fluct_e(0.01,0.02,0.0025,0,0)'], 1e-9, 0);
  });
  it('dfun at y = [0.01, 0.02, 0, 0, 0], c0 = 0.0025 (rtol 1e-9)', () => {
    const dx = new Float64Array(5);
    m.dfun(Float64Array.of(0.01, 0.02, 0, 0, 0), Float64Array.of(0.0025), 1, dx);
    expectAllClose(dx, z['dfun(y=[0.01,0.02,0,0,0], c0=0.0025)'], 1e-9, 1e-15);
  });
  it('steady state after 5 s of Euler at dt 0.1 ms with c0 = 0.0025 (rtol 1e-3: W_e relaxes with τ = 500 ms)', () => {
    const x = runNode(m, Float64Array.of(0.01, 0.02, 0, 0, 0), 'Euler', 0.1, 50000, 0.0025);
    expectAllClose(x, z['steady_state_c0_0.0025_after_5s_euler_dt0.1'], 1e-3, 1e-9);
  });
});
