/**
 * Fused Jansen–Rit + SigmoidalJansenRit + deterministic Euler/Heun step for the mean-field kernel.
 *
 * The generic path calls the coupling's `pre`, the model's `dfun` (twice for Heun) and the
 * integrator's array loops; this kernel does the same arithmetic in one pass per node with the
 * state in locals:
 *   1. per source node j: v = y1 − y2, the pyramidal sigmoid S(v) (kept for the first dfun
 *      evaluation, which needs exactly this value) and the coupling output
 *      cmin + (cmax − cmin)/(1 + exp(r_c (midpoint − v))) written into the doubled history;
 *   2. the delayed gather over the CSR connectome (same order of additions as the generic path);
 *   3. per target node: k1, the Euler step or the Heun predictor, k2 and the corrector.
 * Every floating-point expression is written in the generic path's operation order, so the two
 * paths give bit-identical states (tests/brains/meanfield/fused-kernel.test.ts checks this).
 * TVB's SigmoidalJansenRit applies the sigmoid to the delayed pre-synaptic y1 − y2; the sigmoid of
 * the delayed value is the delayed sigmoid, so storing the sigmoid per node and step is exact.
 */
import type { CouplingFunction } from './coupling.js';
import type { IntegratorDesc } from './integrators.js';
import { fastExp } from '../numerics/fast-exp.js';
import type { MeanFieldModel } from './models/model.js';

/** Constants of the fused kernel (a plain object with a fixed shape, read once per step). */
export interface JansenRitFusedConsts {
  readonly heun: boolean;
  readonly dt: number;
  readonly h2: number;
  readonly twoNu: number;
  readonly r: number;
  readonly v0: number;
  readonly Aa: number;
  readonly Bb: number;
  readonly a: number;
  readonly b: number;
  readonly a2: number;
  readonly b2: number;
  readonly a1J: number;
  readonly a2J: number;
  readonly a3J: number;
  readonly a4J: number;
  readonly mu: number;
  readonly lc: number;
  /** a_1 / a_3 when it is a small integer (the y0 sigmoids share one exp), else 0. */
  readonly m: number;
  readonly erv0: number;
  readonly cmin: number;
  readonly dc: number;
  readonly rc: number;
  readonly ca: number;
  /** exp(r_c · midpoint) of the coupling. */
  readonly emid: number;
  /** r_c === r: the coupling and the pyramidal sigmoid share exp(−r v). */
  readonly shareExp: boolean;
}

/**
 * The fused kernel's constants when the combination is Jansen–Rit with SigmoidalJansenRit and a
 * deterministic Euler or Heun scheme without boundaries; undefined otherwise (generic path).
 */
export function jansenRitFusedConsts(model: MeanFieldModel, coupling: CouplingFunction, integrator: IntegratorDesc, dtMs: number): JansenRitFusedConsts | undefined {
  if (model.name !== 'JansenRit' || coupling.name !== 'SigmoidalJansenRit') return undefined;
  if (integrator.nsig !== undefined || (integrator.kind !== 'Heun' && integrator.kind !== 'Euler')) return undefined;
  if (model.boundaries !== undefined && model.boundaries.some((b) => b !== undefined)) return undefined;
  const p = model.params;
  const q = coupling.params;
  if (p === undefined || q === undefined) return undefined;
  const g = (o: Readonly<Record<string, number>>, k: string): number => o[k] as number;
  const a = g(p, 'a');
  const b = g(p, 'b');
  const J = g(p, 'J');
  const r = g(p, 'r');
  const ratio = g(p, 'a_3') !== 0 ? g(p, 'a_1') / g(p, 'a_3') : Number.NaN;
  // Same expressions as models/jansen-rit.ts and coupling.ts so that every constant is bit-equal.
  return {
    heun: integrator.kind === 'Heun',
    dt: dtMs,
    h2: dtMs / 2,
    twoNu: 2 * g(p, 'nu_max'),
    r,
    v0: g(p, 'v0'),
    Aa: g(p, 'A') * a,
    Bb: g(p, 'B') * b,
    a,
    b,
    a2: a * a,
    b2: b * b,
    a1J: g(p, 'a_1') * J,
    a2J: g(p, 'a_2') * J,
    a3J: g(p, 'a_3') * J,
    a4J: g(p, 'a_4') * J,
    mu: g(p, 'mu'),
    lc: g(p, 'lc'),
    m: Number.isInteger(ratio) && ratio >= 1 && ratio <= 8 ? ratio : 0,
    erv0: Math.exp(r * g(p, 'v0')),
    cmin: g(q, 'cmin'),
    dc: g(q, 'cmax') - g(q, 'cmin'),
    rc: g(q, 'r'),
    ca: g(q, 'a'),
    emid: Math.exp(g(q, 'r') * g(q, 'midpoint')),
    shareExp: g(q, 'r') === r,
  };
}

/**
 * Phase 1: pyramidal sigmoid per node into `sPyr` and the coupling output into `h` and the
 * doubled, time-major history (slots `cur` and `cur + H` of each node's 2H block).
 */
export function jansenRitPre(k: JansenRitFusedConsts, x: Float64Array, n: number, sPyr: Float64Array, h: Float64Array, hist: Float64Array, cur: number, H: number): void {
  const H2 = 2 * H;
  const twoNu = k.twoNu;
  const r = k.r;
  const cmin = k.cmin;
  const dc = k.dc;
  const rc = k.rc;
  const emid = k.emid;
  const erv0 = k.erv0;
  if (k.shareExp) {
    for (let j = 0; j < n; j++) {
      const v = (x[n + j] as number) - (x[2 * n + j] as number);
      const e = fastExp(-r * v);
      sPyr[j] = twoNu / (1 + erv0 * e);
      const hj = cmin + dc / (1 + emid * e);
      h[j] = hj;
      hist[j * H2 + cur] = hj;
      hist[j * H2 + cur + H] = hj;
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    const v = (x[n + j] as number) - (x[2 * n + j] as number);
    sPyr[j] = twoNu / (1 + erv0 * fastExp(-r * v));
    const hj = cmin + dc / (1 + emid * fastExp(-rc * v));
    h[j] = hj;
    hist[j * H2 + cur] = hj;
    hist[j * H2 + cur + H] = hj;
  }
}

/** Where the update finds node i's coupling: long-delay batch sum + short-delay edges (simulator.ts). */
export interface FusedCouplingInput {
  /** Batch sums; step's row starts at k0. */
  cb: Float64Array;
  k0: number;
  sPtr: Int32Array;
  sW: Float64Array;
  sKey: Int32Array;
  hist: Float64Array;
  /** History offset of the current step (slot cur). */
  off: number;
  drive: Float64Array;
  /** Receives c_0 = a · (coupling sum) + drive per node. */
  c: Float64Array;
}

/**
 * Phase 2+3: per node, the coupling input c_0 = a·(long-delay batch sum, then the short-delay
 * edges in order) + drive (written to g.c), then one Euler or Heun step in place with
 * `sPyr` = S(y1 − y2) of the current state. Returns the sum of the new states (non-finite iff
 * some state became non-finite, barring overflow of the sum itself).
 */
export function jansenRitUpdate(k: JansenRitFusedConsts, x: Float64Array, g: FusedCouplingInput, sPyr: Float64Array, n: number): number {
  if (k.heun && k.m === 4) return jansenRitHeun4(k, x, g, sPyr, n);
  const { dt, h2, twoNu, r, v0, Aa, Bb, a, b, a2, b2, a1J, a2J, a3J, a4J, mu, lc, m, erv0 } = k;
  const heun = k.heun;
  const ca = k.ca;
  const { cb, k0, sPtr, sW, sKey, hist, off, drive, c } = g;
  let check = 0;
  for (let i = 0; i < n; i++) {
    let acc = cb[k0 + i] as number;
    const end = sPtr[i + 1] as number;
    for (let e = sPtr[i] as number; e < end; e++) acc += (sW[e] as number) * (hist[off + (sKey[e] as number)] as number);
    const ci = ca * acc + (drive[i] as number);
    c[i] = ci;
    const y0 = x[i] as number;
    const y1 = x[n + i] as number;
    const y2 = x[2 * n + i] as number;
    const y3 = x[3 * n + i] as number;
    const y4 = x[4 * n + i] as number;
    const y5 = x[5 * n + i] as number;
    const v = y1 - y2;
    let sExc: number;
    let sInh: number;
    if (m !== 0) {
      const u = fastExp(-r * a3J * y0);
      let um = u;
      if (m === 4) um = u * u * u * u;
      else for (let q = 1; q < m; q++) um *= u;
      const d1 = 1 + erv0 * um;
      const d2 = 1 + erv0 * u;
      const p12 = d1 * d2;
      if (p12 < Infinity) {
        const q12 = twoNu / p12;
        sExc = q12 * d2;
        sInh = q12 * d1;
      } else {
        sExc = twoNu / d1;
        sInh = twoNu / d2;
      }
    } else {
      sExc = twoNu / (1 + fastExp(r * (v0 - a1J * y0)));
      sInh = twoNu / (1 + fastExp(r * (v0 - a3J * y0)));
    }
    const d3 = Aa * (sPyr[i] as number) - 2 * a * y3 - a2 * y0;
    const d4 = Aa * (mu + a2J * sExc + ci + lc * v) - 2 * a * y4 - a2 * y1;
    const d5 = Bb * (a4J * sInh) - 2 * b * y5 - b2 * y2;
    if (!heun) {
      const n0 = y0 + dt * y3;
      const n1 = y1 + dt * y4;
      const n2 = y2 + dt * y5;
      const n3 = y3 + dt * d3;
      const n4 = y4 + dt * d4;
      const n5 = y5 + dt * d5;
      x[i] = n0;
      x[n + i] = n1;
      x[2 * n + i] = n2;
      x[3 * n + i] = n3;
      x[4 * n + i] = n4;
      x[5 * n + i] = n5;
      check += n0 + n1 + n2 + n3 + n4 + n5;
      continue;
    }
    // Heun predictor and the second evaluation.
    const t0 = y0 + dt * y3;
    const t1 = y1 + dt * y4;
    const t2 = y2 + dt * y5;
    const t3 = y3 + dt * d3;
    const t4 = y4 + dt * d4;
    const t5 = y5 + dt * d5;
    const tv = t1 - t2;
    const tPyr = twoNu / (1 + erv0 * fastExp(-r * tv));
    let tExc: number;
    let tInh: number;
    if (m !== 0) {
      const u = fastExp(-r * a3J * t0);
      let um = u;
      if (m === 4) um = u * u * u * u;
      else for (let q = 1; q < m; q++) um *= u;
      const d1 = 1 + erv0 * um;
      const d2 = 1 + erv0 * u;
      const p12 = d1 * d2;
      if (p12 < Infinity) {
        const q12 = twoNu / p12;
        tExc = q12 * d2;
        tInh = q12 * d1;
      } else {
        tExc = twoNu / d1;
        tInh = twoNu / d2;
      }
    } else {
      tExc = twoNu / (1 + fastExp(r * (v0 - a1J * t0)));
      tInh = twoNu / (1 + fastExp(r * (v0 - a3J * t0)));
    }
    const e3 = Aa * tPyr - 2 * a * t3 - a2 * t0;
    const e4 = Aa * (mu + a2J * tExc + ci + lc * tv) - 2 * a * t4 - a2 * t1;
    const e5 = Bb * (a4J * tInh) - 2 * b * t5 - b2 * t2;
    const n0 = y0 + h2 * (y3 + t3);
    const n1 = y1 + h2 * (y4 + t4);
    const n2 = y2 + h2 * (y5 + t5);
    const n3 = y3 + h2 * (d3 + e3);
    const n4 = y4 + h2 * (d4 + e4);
    const n5 = y5 + h2 * (d5 + e5);
    x[i] = n0;
    x[n + i] = n1;
    x[2 * n + i] = n2;
    x[3 * n + i] = n3;
    x[4 * n + i] = n4;
    x[5 * n + i] = n5;
    check += n0 + n1 + n2 + n3 + n4 + n5;
  }
  return check;
}

/** jansenRitUpdate specialised to Heun with a_1 = 4·a_3 (TVB defaults): no per-node branches. */
function jansenRitHeun4(k: JansenRitFusedConsts, x: Float64Array, g: FusedCouplingInput, sPyr: Float64Array, n: number): number {
  const { dt, h2, twoNu, r, Aa, Bb, a, b, a2, b2, a2J, a3J, a4J, mu, lc, erv0 } = k;
  const ca = k.ca;
  const { cb, k0, sPtr, sW, sKey, hist, off, drive, c } = g;
  let check = 0;
  for (let i = 0; i < n; i++) {
    let acc = cb[k0 + i] as number;
    const end = sPtr[i + 1] as number;
    for (let e = sPtr[i] as number; e < end; e++) acc += (sW[e] as number) * (hist[off + (sKey[e] as number)] as number);
    const ci = ca * acc + (drive[i] as number);
    c[i] = ci;
    const y0 = x[i] as number;
    const y1 = x[n + i] as number;
    const y2 = x[2 * n + i] as number;
    const y3 = x[3 * n + i] as number;
    const y4 = x[4 * n + i] as number;
    const y5 = x[5 * n + i] as number;
    const v = y1 - y2;
    let sExc: number;
    let sInh: number;
    {
      const u = fastExp(-r * a3J * y0);
      const um = u * u * u * u;
      const d1 = 1 + erv0 * um;
      const d2 = 1 + erv0 * u;
      const p12 = d1 * d2;
      if (p12 < Infinity) {
        const q12 = twoNu / p12;
        sExc = q12 * d2;
        sInh = q12 * d1;
      } else {
        sExc = twoNu / d1;
        sInh = twoNu / d2;
      }
    }
    const d3 = Aa * (sPyr[i] as number) - 2 * a * y3 - a2 * y0;
    const d4 = Aa * (mu + a2J * sExc + ci + lc * v) - 2 * a * y4 - a2 * y1;
    const d5 = Bb * (a4J * sInh) - 2 * b * y5 - b2 * y2;
    // Heun predictor and the second evaluation.
    const t0 = y0 + dt * y3;
    const t1 = y1 + dt * y4;
    const t2 = y2 + dt * y5;
    const t3 = y3 + dt * d3;
    const t4 = y4 + dt * d4;
    const t5 = y5 + dt * d5;
    const tv = t1 - t2;
    const tPyr = twoNu / (1 + erv0 * fastExp(-r * tv));
    let tExc: number;
    let tInh: number;
    {
      const u = fastExp(-r * a3J * t0);
      const um = u * u * u * u;
      const d1 = 1 + erv0 * um;
      const d2 = 1 + erv0 * u;
      const p12 = d1 * d2;
      if (p12 < Infinity) {
        const q12 = twoNu / p12;
        tExc = q12 * d2;
        tInh = q12 * d1;
      } else {
        tExc = twoNu / d1;
        tInh = twoNu / d2;
      }
    }
    const e3 = Aa * tPyr - 2 * a * t3 - a2 * t0;
    const e4 = Aa * (mu + a2J * tExc + ci + lc * tv) - 2 * a * t4 - a2 * t1;
    const e5 = Bb * (a4J * tInh) - 2 * b * t5 - b2 * t2;
    const n0 = y0 + h2 * (y3 + t3);
    const n1 = y1 + h2 * (y4 + t4);
    const n2 = y2 + h2 * (y5 + t5);
    const n3 = y3 + h2 * (d3 + e3);
    const n4 = y4 + h2 * (d4 + e4);
    const n5 = y5 + h2 * (d5 + e5);
    x[i] = n0;
    x[n + i] = n1;
    x[2 * n + i] = n2;
    x[3 * n + i] = n3;
    x[4 * n + i] = n4;
    x[5 * n + i] = n5;
    check += n0 + n1 + n2 + n3 + n4 + n5;
  }
  return check;
}
