/** Shared helpers for body tests: run an engine for n steps with constant or per-step inputs. */
import type { Engine } from '../../core/engine.js';
import type { Inputs, Outputs } from '../../core/ports.js';

/** Initialises `e` with `seed` and returns the initial outputs. */
export async function start(e: Engine, seed = 1): Promise<Outputs> {
  return e.init({ seed, startNs: 0, log: () => undefined });
}

/** Advances `n` steps; `inputs(k)` gives step k's inputs; `each` sees every step's outputs. */
export async function run(e: Engine, t0: number, n: number, inputs: (k: number) => Inputs, each?: (out: Outputs, k: number, tNs: number) => void): Promise<{ t: number; out: Outputs }> {
  let t = t0;
  let out: Outputs = {};
  for (let k = 0; k < n; k++) {
    t += e.dt;
    out = await e.advance(t, inputs(k));
    each?.(out, k, t);
  }
  return { t, out };
}

/** First element of an analog output. */
export function val(out: Outputs, port: string, i = 0): number {
  const v = out[port];
  if (!(v instanceof Float64Array)) throw new Error(`no analog output ${port}`);
  return v[i]!;
}

/** A one-element command. */
export function cmd(x: number): Float64Array {
  return Float64Array.of(x);
}
