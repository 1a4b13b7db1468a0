/**
 * EIF_cond_exp_isfa_ista (AdEx, Brette & Gerstner 2005), PyNN units (nF, µS, nA, mV, ms; `a` in nS).
 *   C V' = g_L(V_rest − V) + g_L ΔT exp((V − V_T)/ΔT) + g_E(E_E − V) + g_I(E_I − V) − w + I
 *   τw w' = a(V − V_rest) − w;   V > v_spike → V = v_reset, w += b, refractory.
 * Scheme: exponential Euler for V (the linear part g_tot exact, the exponential and w terms frozen
 * over the step, like Brian2's exponential_euler), forward Euler for w using V at step start,
 * exact exponential decay of conductances. The exponential term is evaluated at min(V, v_spike)
 * so that it cannot overflow inside a step.
 */
import { stepsOf } from '../propagators.js';
import { PopulationState, RUNAWAY_MV } from './population.js';

/** AdEx state and kernel. */
export class AdexPopulation extends PopulationState {
  readonly v: Float64Array;
  readonly w: Float64Array;
  readonly gExc: Float64Array;
  readonly gInh: Float64Array;
  readonly refr: Int32Array;
  private readonly refSteps: number;

  constructor(label: string, n: number, engine: string, dtMs: number, readonly p: Readonly<Record<string, number>>) {
    super(label, n, engine, dtMs);
    this.v = new Float64Array(n);
    this.w = new Float64Array(n);
    this.gExc = new Float64Array(n);
    this.gInh = new Float64Array(n);
    this.refr = new Int32Array(n);
    this.refSteps = stepsOf(p.tau_refrac as number, dtMs);
  }

  override resetState(draw: (variable: string, i: number) => number): void {
    for (let i = 0; i < this.n; i++) {
      this.v[i] = draw('v', i);
      this.w[i] = draw('w', i);
      this.gExc[i] = draw('gsyn_exc', i);
      this.gInh[i] = draw('gsyn_inh', i);
    }
    this.refr.fill(0);
    this.clearInputs();
  }

  override variable(name: string): Float64Array | undefined {
    return name === 'v' ? this.v : name === 'w' ? this.w : name === 'gsyn_exc' ? this.gExc : name === 'gsyn_inh' ? this.gInh : undefined;
  }

  override directTarget(receptor: 'excitatory' | 'inhibitory'): Float64Array | null {
    return receptor === 'excitatory' ? this.gExc : this.gInh;
  }

  override step(k: number): void {
    this.nSpikes = 0;
    const n = this.n;
    const h = this.dtMs;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, w, gExc: ge, gInh: gi, refr, inE, inI, iInj } = this;
    const p = this.p;
    const cm = p.cm as number;
    const gL = cm / (p.tau_m as number);
    const vr = p.v_rest as number;
    const EE = p.e_rev_E as number;
    const EI = p.e_rev_I as number;
    const dT = p.delta_T as number;
    const vT = p.v_thresh as number;
    const vspike = p.v_spike as number;
    const a = (p.a as number) / 1000;
    const b = p.b as number;
    const tw = p.tau_w as number;
    const ioff = p.i_offset as number;
    const Pse = Math.exp(-h / (p.tau_syn_E as number));
    const Psi = Math.exp(-h / (p.tau_syn_I as number));
    const R1 = this.refSteps - 1;
    for (let i = 0; i < n; i++) {
      const e = (ge[i] as number) + (inE[off + i] as number);
      const g = (gi[i] as number) + (inI[off + i] as number);
      inE[off + i] = 0;
      inI[off + i] = 0;
      let vi = v[i] as number;
      let wi = w[i] as number;
      const v0 = vi;
      const r = refr[i] as number;
      if (r > 0) refr[i] = r - 1;
      else {
        const gt = gL + e + g;
        const ix = iInj === null ? ioff : ioff + (iInj[i] as number);
        const ex = gL * dT * Math.exp((Math.min(vi, vspike) - vT) / dT);
        const vinf = (gL * vr + e * EE + g * EI + ex - wi + ix) / gt;
        vi = vinf + (vi - vinf) * Math.exp((-h * gt) / cm);
      }
      wi += (h * (a * (v0 - vr) - wi)) / tw;
      ge[i] = e * Pse;
      gi[i] = g * Psi;
      if (vi > vspike) {
        sp[ns++] = i;
        vi = p.v_reset as number;
        wi += b;
        refr[i] = R1;
      } else if (!(vi > -RUNAWAY_MV && vi < RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      if (!(wi > -RUNAWAY_MV && wi < RUNAWAY_MV)) this.diverged(k, 'w', i, wi);
      v[i] = vi;
      w[i] = wi;
    }
    this.nSpikes = ns;
  }
}
