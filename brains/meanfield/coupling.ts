/**
 * Long-range coupling functions (TVB `coupling.py`): `c_i = post(Σ_j w_ij · pre(x_i, x_j(t − d_ij)))`.
 *
 * Every TVB coupling here splits into a per-source transform `h(x_j)` and a per-target `post`, so
 * the delay buffer stores `h` once per node and step and the edge loop is a bare gather-multiply-add:
 * Difference's `x_j − x_i` becomes `Σ w_ij x_j − x_i Σ_j w_ij` (the row sum is precomputed).
 * Layouts: cvar values `cv[k * n + j]`, transformed `h[k * n + j]`, summed `gx[k * n + i]`.
 */
import { ValidationError } from '../../core/errors.js';
import { fastExp } from '../numerics/fast-exp.js';

/** A coupling function split into source transform and target post-processing. */
export interface CouplingFunction {
  readonly name: string;
  /** Number of coupling channels produced from `ncvar` coupling variables. */
  nOut(ncvar: number): number;
  /** h[k*n+j] = pre-transform of source node j's coupling variables (delays apply to h). */
  pre(cv: Float64Array, ncvar: number, n: number, h: Float64Array): void;
  /** c[k*n+i] from the delayed weighted sums gx, the target's current cvars and its weight row sum. */
  post(gx: Float64Array, cv: Float64Array, rowSum: Float64Array, n: number, nOut: number, c: Float64Array): void;
  /** The coupling's parameters after defaults (read by fused kernels). */
  readonly params?: Readonly<Record<string, number>>;
}

/** Serialisable coupling descriptors with TVB parameter names and defaults. */
export type CouplingDesc =
  | { readonly kind: 'Linear'; readonly a?: number; readonly b?: number }
  | { readonly kind: 'Scaling'; readonly a?: number }
  | { readonly kind: 'Sigmoidal'; readonly cmin?: number; readonly cmax?: number; readonly midpoint?: number; readonly a?: number; readonly sigma?: number }
  | { readonly kind: 'SigmoidalJansenRit'; readonly cmin?: number; readonly cmax?: number; readonly midpoint?: number; readonly r?: number; readonly a?: number }
  | { readonly kind: 'HyperbolicTangent'; readonly a?: number; readonly b?: number; readonly midpoint?: number; readonly sigma?: number }
  | { readonly kind: 'Difference'; readonly a?: number };

function num(kind: string, field: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValidationError(`coupling(${kind}).${field}`, v, 'a finite number', `give ${field} a finite value or omit it for the TVB default ${dflt}`);
  }
  return v;
}

function copyPre(cv: Float64Array, ncvar: number, n: number, h: Float64Array): void {
  for (let k = 0; k < ncvar * n; k++) h[k] = cv[k] as number;
}

/** Builds a coupling function from its descriptor (TVB defaults for omitted parameters). */
export function makeCoupling(desc: CouplingDesc): CouplingFunction {
  switch (desc.kind) {
    case 'Linear': {
      const a = num('Linear', 'a', desc.a, 0.00390625);
      const b = num('Linear', 'b', desc.b, 0);
      return {
        name: 'Linear', nOut: (m) => m, pre: copyPre,
        post(gx, _cv, _rs, n, nOut, c) { for (let k = 0; k < nOut * n; k++) c[k] = a * (gx[k] as number) + b; },
      };
    }
    case 'Scaling': {
      const a = num('Scaling', 'a', desc.a, 1);
      return {
        name: 'Scaling', nOut: (m) => m, pre: copyPre,
        post(gx, _cv, _rs, n, nOut, c) { for (let k = 0; k < nOut * n; k++) c[k] = a * (gx[k] as number); },
      };
    }
    case 'Sigmoidal': {
      const cmin = num('Sigmoidal', 'cmin', desc.cmin, -1);
      const cmax = num('Sigmoidal', 'cmax', desc.cmax, 1);
      const midpoint = num('Sigmoidal', 'midpoint', desc.midpoint, 0);
      const a = num('Sigmoidal', 'a', desc.a, 1);
      const sigma = num('Sigmoidal', 'sigma', desc.sigma, 230);
      return {
        name: 'Sigmoidal', nOut: (m) => m, pre: copyPre,
        post(gx, _cv, _rs, n, nOut, c) {
          for (let k = 0; k < nOut * n; k++) c[k] = cmin + (cmax - cmin) / (1 + Math.exp((-a * ((gx[k] as number) - midpoint)) / sigma));
        },
      };
    }
    case 'SigmoidalJansenRit': {
      const cmin = num('SigmoidalJansenRit', 'cmin', desc.cmin, 0);
      const cmax = num('SigmoidalJansenRit', 'cmax', desc.cmax, 2 * 0.0025);
      const midpoint = num('SigmoidalJansenRit', 'midpoint', desc.midpoint, 6);
      const r = num('SigmoidalJansenRit', 'r', desc.r, 0.56);
      const a = num('SigmoidalJansenRit', 'a', desc.a, 1);
      const emid = Math.exp(r * midpoint);
      return {
        name: 'SigmoidalJansenRit',
        params: Object.freeze({ cmin, cmax, midpoint, r, a }),
        nOut: (m) => {
          if (m < 2) throw new ValidationError('coupling(SigmoidalJansenRit)', m, 'a model with 2 coupling variables (y1, y2)', 'use it with JansenRit');
          return 1;
        },
        // exp(r (midpoint − v)) as exp(r·midpoint)·exp(−r v): a fused Jansen–Rit kernel with the
        // model's r equal to this r shares exp(−r v) with the model's pyramidal sigmoid.
        pre(cv, _m, n, h) {
          for (let j = 0; j < n; j++) h[j] = cmin + (cmax - cmin) / (1 + emid * fastExp(-r * ((cv[j] as number) - (cv[n + j] as number))));
        },
        post(gx, _cv, _rs, n, _nOut, c) { for (let i = 0; i < n; i++) c[i] = a * (gx[i] as number); },
      };
    }
    case 'HyperbolicTangent': {
      const a = num('HyperbolicTangent', 'a', desc.a, 1);
      const b = num('HyperbolicTangent', 'b', desc.b, 1);
      const midpoint = num('HyperbolicTangent', 'midpoint', desc.midpoint, 0);
      const sigma = num('HyperbolicTangent', 'sigma', desc.sigma, 1);
      return {
        name: 'HyperbolicTangent', nOut: (m) => m,
        pre(cv, m, n, h) { for (let k = 0; k < m * n; k++) h[k] = a * (1 + Math.tanh((b * (cv[k] as number) - midpoint) / sigma)); },
        post(gx, _cv, _rs, n, nOut, c) { for (let k = 0; k < nOut * n; k++) c[k] = gx[k] as number; },
      };
    }
    case 'Difference': {
      const a = num('Difference', 'a', desc.a, 0.1);
      return {
        name: 'Difference', nOut: (m) => m, pre: copyPre,
        post(gx, cv, rs, n, nOut, c) {
          for (let k = 0; k < nOut; k++) {
            for (let i = 0; i < n; i++) c[k * n + i] = a * ((gx[k * n + i] as number) - (rs[i] as number) * (cv[k * n + i] as number));
          }
        },
      };
    }
    default: {
      const kind = (desc as { kind?: unknown }).kind;
      throw new ValidationError('coupling.kind', kind, 'Linear | Scaling | Sigmoidal | SigmoidalJansenRit | HyperbolicTangent | Difference', 'pick one of the TVB coupling functions');
    }
  }
}
