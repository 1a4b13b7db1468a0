/**
 * Izhikevich (2003) as NEST's `izhikevich` and PyNN define it: v' = 0.04v² + 5v + 140 − u + I,
 * u' = a(bv − u), v ≥ 30 mV → v = c, u += d. PyNN gives i_offset and weights in nA; like
 * PyNN→NEST we scale them by 1000 (pA, the model's current unit). Synapses are delta: a spike
 * adds 1000·w to v. Scheme: NEST's "consistent integration" forward Euler (v and u from the same
 * start-of-step values).
 */
import { PopulationState, RUNAWAY_MV } from './population.js';

/** Izhikevich state and kernel. */
export class IzhikevichPopulation extends PopulationState {
  readonly v: Float64Array;
  readonly u: Float64Array;

  constructor(label: string, n: number, engine: string, dtMs: number, readonly p: Readonly<Record<string, number>>) {
    super(label, n, engine, dtMs);
    this.v = new Float64Array(n);
    this.u = new Float64Array(n);
  }

  override resetState(draw: (variable: string, i: number) => number): void {
    for (let i = 0; i < this.n; i++) {
      this.v[i] = draw('v', i);
      this.u[i] = draw('u', i);
    }
    this.clearInputs();
  }

  override variable(name: string): Float64Array | undefined {
    return name === 'v' ? this.v : name === 'u' ? this.u : undefined;
  }

  override step(k: number): void {
    this.nSpikes = 0;
    const n = this.n;
    const h = this.dtMs;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, u, inE, inI, iInj } = this;
    const a = this.p.a as number;
    const b = this.p.b as number;
    const c = this.p.c as number;
    const d = this.p.d as number;
    const ioff = 1000 * (this.p.i_offset as number);
    for (let i = 0; i < n; i++) {
      const jump = 1000 * ((inE[off + i] as number) + (inI[off + i] as number));
      inE[off + i] = 0;
      inI[off + i] = 0;
      const v0 = (v[i] as number) + jump;
      const u0 = u[i] as number;
      const I = iInj === null ? ioff : ioff + 1000 * (iInj[i] as number);
      let vi = v0 + h * (0.04 * v0 * v0 + 5 * v0 + 140 - u0 + I);
      let ui = u0 + h * a * (b * v0 - u0);
      if (vi >= 30) {
        sp[ns++] = i;
        vi = c;
        ui += d;
      } else if (!(vi > -RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      v[i] = vi;
      u[i] = ui;
    }
    this.nSpikes = ns;
  }
}
