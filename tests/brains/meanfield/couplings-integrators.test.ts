/**
 * Coupling functions against TVB's per-edge formulas (pre(x_i, x_j) summed with weights, then post),
 * evaluated directly here without the source/target split the kernel uses; integrators against
 * exact solutions (convergence orders), TVB's same-noise rule for stochastic Heun, the
 * Ornstein–Uhlenbeck stationary variance, and boundaries.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/random.js';
import {
  MeanFieldSimulator, makeCoupling, makeIntegrator, randomConnectivity, zerlautFirstOrder, type CouplingDesc, type MeanFieldModel,
} from '../../../brains/meanfield/index.js';

const still = (ncvar: number): MeanFieldModel => ({
  name: 'Still', stateNames: Array.from({ length: ncvar }, (_, k) => `x${k}`), cvar: Array.from({ length: ncvar }, (_, k) => k),
  stateRange: Array.from({ length: ncvar }, () => [0, 1] as const), nCouplingInputs: 1,
  dfun(_x, _c, n, dx) { dx.fill(0, 0, ncvar * n); },
  rateHz(x, n, out) { for (let i = 0; i < n; i++) out[i] = x[i] as number; },
  observe(x, n, out) { for (let i = 0; i < n; i++) out[i] = x[i] as number; },
});

describe('coupling functions = TVB per-edge formulas', () => {
  const n = 7;
  const conn = randomConnectivity(n, 21, { density: 0.6, maxWeight: 2 });
  const rng = new Rng(5);
  const x = Float64Array.from({ length: 2 * n }, () => rng.uniform(-3, 9));
  const W = (i: number, j: number): number => conn.weights[i * n + j] as number;
  const xj = (v: number, j: number): number => x[v * n + j] as number;
  const cases: [CouplingDesc, (i: number) => number][] = [
    [{ kind: 'Linear', a: 0.3, b: 0.1 }, (i) => 0.3 * sum(i, (j) => W(i, j) * xj(0, j)) + 0.1],
    [{ kind: 'Scaling', a: 0.7 }, (i) => 0.7 * sum(i, (j) => W(i, j) * xj(0, j))],
    [{ kind: 'Sigmoidal', sigma: 2 }, (i) => -1 + 2 / (1 + Math.exp(-(sum(i, (j) => W(i, j) * xj(0, j)) - 0) / 2))],
    [{ kind: 'SigmoidalJansenRit', a: 2 }, (i) => 2 * sum(i, (j) => W(i, j) * (0.005 / (1 + Math.exp(0.56 * (6 - (xj(0, j) - xj(1, j)))))))],
    [{ kind: 'HyperbolicTangent', a: 0.5, b: 0.3, midpoint: 1, sigma: 2 }, (i) => sum(i, (j) => W(i, j) * 0.5 * (1 + Math.tanh((0.3 * xj(0, j) - 1) / 2)))],
    [{ kind: 'Difference', a: 0.2 }, (i) => 0.2 * sum(i, (j) => W(i, j) * (xj(0, j) - xj(0, i)))],
  ];
  function sum(i: number, f: (j: number) => number): number {
    let s = 0;
    for (let j = 0; j < n; j++) if (W(i, j) !== 0) s += f(j);
    return s;
  }
  for (const [desc, expected] of cases) {
    it(desc.kind, () => {
      const sim = new MeanFieldSimulator({ model: still(2), connectivity: conn, coupling: makeCoupling(desc), dtMs: 0.1, integrator: { kind: 'Euler' }, initialState: x });
      sim.step();
      for (let i = 0; i < n; i++) expect(sim.c[i]).toBeCloseTo(expected(i), 12);
    });
  }
  it('rejects an unknown coupling and a non-finite parameter, naming the field', () => {
    expect(() => makeCoupling({ kind: 'Kuramoto' } as never)).toThrow(/coupling\.kind/);
    expect(() => makeCoupling({ kind: 'Linear', a: Number.NaN })).toThrow(/coupling\(Linear\)\.a/);
  });
});

const decay = (lambda: number): MeanFieldModel => ({
  name: 'Decay', stateNames: ['x'], cvar: [0], stateRange: [[0, 1]], nCouplingInputs: 1,
  dfun(x, _c, n, dx) { for (let i = 0; i < n; i++) dx[i] = -lambda * (x[i] as number); },
  rateHz() {}, observe() {},
});

describe('integrators', () => {
  it('convergence orders on dx/dt = −x: Euler 1, Heun 2, RK4 4', () => {
    const m = decay(1);
    const err = (kind: 'Euler' | 'Heun' | 'RK4', dt: number): number => {
      const x = Float64Array.of(1);
      const I = makeIntegrator({ kind }, 1, 1, dt, undefined, undefined);
      for (let k = 0; k < Math.round(1 / dt); k++) I.step(x, (a, b) => m.dfun(a, new Float64Array(1), 1, b), undefined);
      return Math.abs((x[0] as number) - Math.exp(-1));
    };
    for (const [kind, order] of [['Euler', 1], ['Heun', 2], ['RK4', 4]] as const) {
      const ratio = err(kind, 0.02) / err(kind, 0.01);
      expect(Math.log2(ratio)).toBeGreaterThan(order - 0.1);
      expect(Math.log2(ratio)).toBeLessThan(order + 0.1);
    }
  });
  it('stochastic Heun uses the same noise sample in predictor and corrector (TVB rule)', () => {
    const lambda = 0.7, dt = 0.1, nsig = 0.05, seed = 99;
    const m = decay(lambda);
    const x = Float64Array.of(1.5);
    const I = makeIntegrator({ kind: 'Heun', nsig }, 1, 1, dt, undefined, new Rng(seed));
    I.step(x, (a, b) => m.dfun(a, new Float64Array(1), 1, b), undefined);
    const xi = Math.sqrt(dt) * Math.sqrt(2 * nsig) * new Rng(seed).normal();
    const X = 1.5;
    const inter = X + dt * (-lambda * X) + xi;
    expect(x[0]).toBeCloseTo(X + (dt * (-lambda * X - lambda * inter)) / 2 + xi, 15);
  });
  it('Ornstein–Uhlenbeck stationary variance D/λ (Heun, dt 0.01, 200 nodes × 20 000 steps, ±3 %)', () => {
    const lambda = 1, D = 0.5, n = 200;
    const m = decay(lambda);
    const x = new Float64Array(n);
    const c = new Float64Array(n);
    const I = makeIntegrator({ kind: 'Heun', nsig: D }, 1, n, 0.01, undefined, new Rng(7));
    let s2 = 0, cnt = 0;
    for (let k = 0; k < 20000; k++) {
      I.step(x, (a, b) => m.dfun(a, c, n, b), undefined);
      if (k > 1000 && k % 10 === 0) { for (const v of x) s2 += v * v; cnt += n; }
    }
    expect(Math.abs(s2 / cnt / (D / lambda) - 1)).toBeLessThan(0.03);
  });
  it('boundaries clamp Zerlaut rates at 0 (TVB state_variable_boundaries)', () => {
    const z = zerlautFirstOrder();
    // A huge Euler step from E = 0.2 overshoots below 0 without the boundary.
    const step = (bounds: typeof z.boundaries): Float64Array => {
      const x = Float64Array.of(0.2, 0.001, 0, 0, 0);
      makeIntegrator({ kind: 'Euler' }, 5, 1, 400, bounds, undefined).step(x, (a, b) => z.dfun(a, new Float64Array(1), 1, b), undefined);
      return x;
    };
    expect(step(undefined)[0]).toBeLessThan(0);
    const x = step(z.boundaries);
    expect(x[0]).toBe(0);
    expect(x[1]).toBeGreaterThanOrEqual(0);
  });
});
