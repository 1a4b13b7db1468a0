/**
 * The fused Jansen–Rit kernel against the generic path (coupling `pre`, model `dfun`, integrator
 * arrays): the same states bit for bit; the time-batched delayed gather against a plain dense loop;
 * fastExp against Math.exp.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  MeanFieldSimulator, jansenRit, loadTvbConnectivityZip, makeCoupling, randomConnectivity, type Connectivity,
} from '../../../brains/meanfield/index.js';
import { fastExp } from '../../../brains/numerics/fast-exp.js';

const here = dirname(fileURLToPath(import.meta.url));
const ZIP = join(here, '../../../../shared/data/tvb-connectivity-76/connectivity_76.zip');

function pair(conn: Connectivity, kind: 'Heun' | 'Euler', proxyNodes: number[] = [], params = {}): [MeanFieldSimulator, MeanFieldSimulator] {
  const mk = (fused: boolean): MeanFieldSimulator => new MeanFieldSimulator({
    model: jansenRit(params), connectivity: conn, coupling: makeCoupling({ kind: 'SigmoidalJansenRit', a: 10 }),
    dtMs: 0.1, integrator: { kind }, conductionSpeedMmPerMs: 3, proxyNodes, fused,
    initialState: Float64Array.from({ length: 6 * conn.nRegions }, (_, k) => 0.01 * Math.sin(k)),
  });
  return [mk(true), mk(false)];
}

/** Runs both for `steps`, changing drive and proxies on the way; returns the first differing index or −1. */
function firstDifference(a: MeanFieldSimulator, b: MeanFieldSimulator, steps: number): number {
  for (let s = 0; s < steps; s++) {
    if (s % 97 === 0) {
      for (let i = 0; i < a.n; i++) a.drive[i] = b.drive[i] = 1e-3 * Math.cos(s + i);
      for (let p = 0; p < a.proxyValues.length; p++) a.proxyValues[p] = b.proxyValues[p] = 0.004 * ((s / 97) % 2);
    }
    a.step();
    b.step();
  }
  for (let k = 0; k < a.x.length; k++) if (!Object.is(a.x[k], b.x[k])) return k;
  for (let k = 0; k < a.n; k++) if (!Object.is(a.c[k], b.c[k])) return a.x.length + k;
  return -1;
}

describe('fused Jansen–Rit kernel', () => {
  it('is taken only for JR + SigmoidalJansenRit + deterministic Euler/Heun without stimulus', () => {
    const conn = randomConnectivity(5, 1, { density: 0.6 });
    const [f] = pair(conn, 'Heun');
    expect(f.isFused).toBe(true);
    const rk = new MeanFieldSimulator({ model: jansenRit(), connectivity: conn, coupling: makeCoupling({ kind: 'SigmoidalJansenRit' }), dtMs: 0.1, integrator: { kind: 'RK4' } });
    expect(rk.isFused).toBe(false);
    const noisy = new MeanFieldSimulator({ model: jansenRit(), connectivity: conn, coupling: makeCoupling({ kind: 'SigmoidalJansenRit' }), dtMs: 0.1, integrator: { kind: 'Heun', nsig: 1e-5 } });
    expect(noisy.isFused).toBe(false);
  });

  it('gives bit-identical states to the generic path on the 76-region connectome (Heun, Euler, proxies, drive)', async () => {
    const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(ZIP)));
    for (const kind of ['Heun', 'Euler'] as const) {
      const [f, g] = pair(conn, kind, [10, 47]);
      expect(firstDifference(f, g, 3000)).toBe(-1);
      // Over 3000 steps the system moved well away from the start (the comparison is not vacuous).
      expect(Math.abs((f.x[76 + 3] as number) - 0.01 * Math.sin(76 + 3))).toBeGreaterThan(1e-3);
    }
  });

  it('gives bit-identical states with a_1/a_3 not an integer (separate exps) and local coupling', () => {
    const conn = randomConnectivity(13, 7, { density: 0.4 });
    const [f, g] = pair(conn, 'Heun', [], { a_1: 1.1, lc: 0.01 });
    expect(firstDifference(f, g, 2000)).toBe(-1);
  });

  it('coupling input equals a plain dense TVB loop (Σ_j w_ij·h_j(t − d_ij), constant past; long then short delays) bit for bit', async () => {
    const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(ZIP)));
    const n = conn.nRegions;
    const [f] = pair(conn, 'Heun');
    const d = f.idelays;
    const hs: Float64Array[] = [];
    const S = 600;
    for (let s = 0; s < S; s++) {
      const h = new Float64Array(n);
      for (let j = 0; j < n; j++) h[j] = 0 + (0.005 - 0) / (1 + Math.exp(0.56 * 6) * fastExp(-0.56 * ((f.x[n + j] as number) - (f.x[2 * n + j] as number))));
      hs.push(h);
      f.step();
      if (s % 50 !== 49) continue;
      for (let i = 0; i < n; i++) {
        // Edges with delay ≥ 8 steps first, then the shorter ones, each in ascending source order.
        let acc = 0;
        for (const long of [true, false]) {
          for (let j = 0; j < n; j++) {
            const w = conn.weights[i * n + j] as number;
            const dij = d[i * n + j] as number;
            if (w !== 0 && (dij >= 8) === long) acc += w * ((hs[Math.max(0, s - dij)] as Float64Array)[j] as number);
          }
        }
        expect(Object.is(f.c[i], 10 * acc)).toBe(true);
      }
    }
  });

  it('generic path with two coupling channels (JR, Linear on y1 and y2): both channels equal the dense loop bit for bit', async () => {
    const conn = await loadTvbConnectivityZip(new Uint8Array(readFileSync(ZIP)));
    const n = conn.nRegions;
    const sim = new MeanFieldSimulator({
      model: jansenRit(), connectivity: conn, coupling: makeCoupling({ kind: 'Linear', a: 0.01, b: 0 }), dtMs: 0.1, integrator: { kind: 'Heun' },
      initialState: Float64Array.from({ length: 6 * n }, (_, k) => 0.01 * Math.sin(k)),
    });
    expect(sim.isFused).toBe(false);
    const d = sim.idelays;
    const ys: Float64Array[] = [];
    for (let s = 0; s < 300; s++) {
      ys.push(sim.x.slice(n, 3 * n)); // y1 then y2
      sim.step();
      if (s % 37 !== 36) continue;
      for (let ch = 0; ch < 2; ch++) {
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (const long of [true, false]) {
            for (let j = 0; j < n; j++) {
              const w = conn.weights[i * n + j] as number;
              const dij = d[i * n + j] as number;
              if (w !== 0 && (dij >= 8) === long) acc += w * ((ys[Math.max(0, s - dij)] as Float64Array)[ch * n + j] as number);
            }
          }
          expect(Object.is(sim.c[ch * n + i], 0.01 * acc + 0)).toBe(true);
        }
      }
    }
  });

  it('reset restores the start exactly (same run twice)', () => {
    const conn = randomConnectivity(9, 2, { density: 0.5 });
    const [f] = pair(conn, 'Heun', [3]);
    const run = (): Float64Array => {
      f.reset();
      for (let s = 0; s < 800; s++) f.step();
      return f.x.slice();
    };
    expect(run()).toEqual(run());
  });
});

describe('fastExp', () => {
  it('is within 2 ulp of Math.exp over [−745, 710], exact at 0, and handles the edges', () => {
    const f64 = new Float64Array(1);
    const i64 = new BigInt64Array(f64.buffer);
    const bits = (v: number): bigint => {
      f64[0] = v;
      return i64[0] as bigint;
    };
    let worst = 0n;
    let state = 12345;
    for (let q = 0; q < 200_000; q++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const x = (state / 2 ** 32) * 1455 - 745;
      const d = bits(fastExp(x)) - bits(Math.exp(x));
      const ad = d < 0n ? -d : d;
      if (ad > worst) worst = ad;
    }
    expect(worst <= 2n).toBe(true);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(1)).toBeCloseTo(Math.E, 15);
    expect(fastExp(800)).toBe(Infinity);
    expect(fastExp(-800)).toBe(0);
    expect(Number.isNaN(fastExp(Number.NaN))).toBe(true);
  });
});
