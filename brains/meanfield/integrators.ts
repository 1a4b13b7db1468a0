/**
 * Integration schemes (TVB `integrators.py`): Euler, Heun and RK4, deterministic or with additive
 * noise. Coupling and stimulus are held constant over a step, as in TVB. Heun's stochastic form
 * uses the same noise sample in the predictor and the corrector (TVB's rule). Boundaries are
 * applied to the Heun predictor and to every new state.
 */
import { ValidationError } from '../../core/errors.js';
import type { Rng } from '../../core/random.js';
import type { Bound } from './models/model.js';

/** Serialisable integrator descriptor. `nsig` (per variable or one for all) turns on additive noise. */
export interface IntegratorDesc {
  readonly kind: 'Euler' | 'Heun' | 'RK4';
  /** Additive noise intensity D; the noise term is sqrt(dt) · N(0,1) · sqrt(2 · nsig). */
  readonly nsig?: number | readonly number[];
}

/** Right-hand side: writes f(x) into dx. */
export type Dfun = (x: Float64Array, dx: Float64Array) => void;

/** A live integrator bound to a state size, step and boundaries. */
export interface Integrator {
  readonly name: string;
  readonly stochastic: boolean;
  /** Advances x in place by one step. `stim` (may be undefined) is added as dt·stim. */
  step(x: Float64Array, f: Dfun, stim: Float64Array | undefined): void;
}

/** Builds an integrator for `nvar` variables × `n` nodes. `rng` is required when noise is on. */
export function makeIntegrator(desc: IntegratorDesc, nvar: number, n: number, dtMs: number, boundaries: readonly (Bound | undefined)[] | undefined, rng: Rng | undefined): Integrator {
  if (!(dtMs > 0) || !Number.isFinite(dtMs)) throw new ValidationError('integrator.dtMs', dtMs, 'a positive step in ms', 'use e.g. 0.1');
  const size = nvar * n;
  const dt = dtMs;
  let sigma: Float64Array | undefined;
  if (desc.nsig !== undefined) {
    const ns = typeof desc.nsig === 'number' ? new Array<number>(nvar).fill(desc.nsig) : desc.nsig;
    if (ns.length !== nvar) throw new ValidationError('integrator.nsig', ns.length, `one value or ${nvar} (one per state variable)`, 'match the model state variables');
    sigma = new Float64Array(nvar);
    ns.forEach((v, k) => {
      if (!(v >= 0) || !Number.isFinite(v)) throw new ValidationError(`integrator.nsig[${k}]`, v, 'a finite number ≥ 0', 'use e.g. 1e-3');
      (sigma as Float64Array)[k] = Math.sqrt(2 * v) * Math.sqrt(dt);
    });
    if (rng === undefined) throw new ValidationError('integrator.rng', undefined, 'a seeded Rng for a stochastic integrator', 'pass the engine rng');
  }
  const lo = new Float64Array(nvar).fill(-Infinity);
  const hi = new Float64Array(nvar).fill(Infinity);
  let bounded = false;
  boundaries?.forEach((b, v) => {
    if (b === undefined) return;
    if (b[0] !== undefined) { lo[v] = b[0]; bounded = true; }
    if (b[1] !== undefined) { hi[v] = b[1]; bounded = true; }
  });
  const bound = (x: Float64Array): void => {
    if (!bounded) return;
    for (let v = 0; v < nvar; v++) {
      const l = lo[v] as number;
      const h = hi[v] as number;
      for (let i = v * n; i < (v + 1) * n; i++) {
        const xi = x[i] as number;
        if (xi < l) x[i] = l;
        else if (xi > h) x[i] = h;
      }
    }
  };
  const noise = new Float64Array(size);
  const drawNoise = (): void => {
    const s = sigma as Float64Array;
    const r = rng as Rng;
    for (let v = 0; v < nvar; v++) {
      const sv = s[v] as number;
      for (let i = v * n; i < (v + 1) * n; i++) noise[i] = sv * r.normal();
    }
  };
  const k1 = new Float64Array(size);
  const k2 = new Float64Array(size);
  const k3 = new Float64Array(size);
  const k4 = new Float64Array(size);
  const tmp = new Float64Array(size);
  const stochastic = sigma !== undefined;

  // Each scheme has branch-free inner loops; stimulus and noise are folded into one additive
  // per-step term `add` (dt·stim + noise) computed once per step, only when present.
  const add = new Float64Array(size);
  const prepareAdd = (stim: Float64Array | undefined): boolean => {
    if (stim === undefined && !stochastic) return false;
    if (stochastic) drawNoise();
    for (let i = 0; i < size; i++) add[i] = (stochastic ? (noise[i] as number) : 0) + (stim === undefined ? 0 : dt * (stim[i] as number));
    return true;
  };
  switch (desc.kind) {
    case 'Euler':
      return {
        name: stochastic ? 'EulerStochastic' : 'EulerDeterministic',
        stochastic,
        step(x, f, stim) {
          f(x, k1);
          if (prepareAdd(stim)) for (let i = 0; i < size; i++) x[i] = (x[i] as number) + dt * (k1[i] as number) + (add[i] as number);
          else for (let i = 0; i < size; i++) x[i] = (x[i] as number) + dt * (k1[i] as number);
          bound(x);
        },
      };
    case 'Heun':
      return {
        name: stochastic ? 'HeunStochastic' : 'HeunDeterministic',
        stochastic,
        step(x, f, stim) {
          f(x, k1);
          const hasAdd = prepareAdd(stim);
          if (hasAdd) for (let i = 0; i < size; i++) tmp[i] = (x[i] as number) + dt * (k1[i] as number) + (add[i] as number);
          else for (let i = 0; i < size; i++) tmp[i] = (x[i] as number) + dt * (k1[i] as number);
          bound(tmp);
          f(tmp, k2);
          const h2 = dt / 2;
          if (hasAdd) for (let i = 0; i < size; i++) x[i] = (x[i] as number) + h2 * ((k1[i] as number) + (k2[i] as number)) + (add[i] as number);
          else for (let i = 0; i < size; i++) x[i] = (x[i] as number) + h2 * ((k1[i] as number) + (k2[i] as number));
          bound(x);
        },
      };
    case 'RK4':
      return {
        name: stochastic ? 'RungeKutta4thOrderStochastic' : 'RungeKutta4thOrderDeterministic',
        stochastic,
        step(x, f, stim) {
          f(x, k1);
          for (let i = 0; i < size; i++) tmp[i] = (x[i] as number) + (dt / 2) * (k1[i] as number);
          f(tmp, k2);
          for (let i = 0; i < size; i++) tmp[i] = (x[i] as number) + (dt / 2) * (k2[i] as number);
          f(tmp, k3);
          for (let i = 0; i < size; i++) tmp[i] = (x[i] as number) + dt * (k3[i] as number);
          f(tmp, k4);
          const hasAdd = prepareAdd(stim);
          for (let i = 0; i < size; i++) {
            x[i] = (x[i] as number) + (dt / 6) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number)) +
              (hasAdd ? (add[i] as number) : 0);
          }
          bound(x);
        },
      };
    default:
      throw new ValidationError('integrator.kind', (desc as { kind?: unknown }).kind, 'Euler | Heun | RK4', 'pick one of the TVB schemes');
  }
}
