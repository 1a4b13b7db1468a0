/**
 * Current-based LIF (IF_curr_exp, IF_curr_alpha, IF_curr_delta) integrated exactly with
 * propagators: between spikes the result equals the analytic solution to rounding error.
 *   C dV/dt = −(C/τm)(V − V_rest) + I_syn + i_offset + I_inj
 *   exp:   I' = −I/τs, a spike adds w (nA)
 *   alpha: y' = −y/τs, I' = (e·y − I)/τs, a spike adds w to y (I peaks at w after τs)
 *   delta: a spike adds w (mV) to V (ignored while refractory, as NEST does)
 * Synaptic state evolves during refractoriness; V is held at v_reset (PopulationState timing).
 * IF_curr_exp and IF_curr_alpha step on a WebAssembly SIMD kernel (wasm/lif-curr.wat) once their
 * rings are allocated, unless built with kernel 'js'; it is bit-identical to `stepExp` and
 * `stepAlpha` below, which stay the reference.
 */
import { p20, p21, p22, p31, stepsOf } from '../propagators.js';
import { WasmCurrState } from '../wasm/kernels.js';
import { type KernelChoice, KernelPopulation, PRIME_STEPS, RUNAWAY_MV, primeProbe, unboxedParams } from './population.js';

/** Synapse shape of a current-based LIF. */
export type CurrShape = 'exp' | 'alpha' | 'delta';

/** Kernel configurations (shape, rings, injected current) already primed in this process. */
const primedCurr = new Set<string>();

/** IF_curr_exp / IF_curr_alpha / IF_curr_delta state and kernel. */
export class LifCurrPopulation extends KernelPopulation<WasmCurrState> {
  // Not readonly: the WebAssembly kernel moves them into its memory when the rings are allocated.
  v: Float64Array;
  isynExc: Float64Array;
  isynInh: Float64Array;
  yExc: Float64Array;
  yInh: Float64Array;
  refr: Int32Array;
  private readonly P22: number;
  private readonly P20: number;
  private readonly P21e: number;
  private readonly P21i: number;
  private readonly P31e: number;
  private readonly P31i: number;
  private readonly Pse: number;
  private readonly Psi: number;
  private readonly hE: number;
  private readonly hI: number;
  private readonly refSteps: number;
  /** v_rest, v_reset, v_thresh, i_offset as unboxed doubles (see `unboxedParams`). */
  private readonly pv: Float64Array;

  constructor(label: string, n: number, engine: string, dtMs: number, readonly shape: CurrShape, readonly p: Readonly<Record<string, number>>, readonly kernel: KernelChoice = 'wasm') {
    super(label, n, engine, dtMs);
    this.v = new Float64Array(n);
    this.isynExc = new Float64Array(shape === 'delta' ? 0 : n);
    this.isynInh = new Float64Array(shape === 'delta' ? 0 : n);
    this.yExc = new Float64Array(shape === 'alpha' ? n : 0);
    this.yInh = new Float64Array(shape === 'alpha' ? n : 0);
    this.refr = new Int32Array(n);
    const h = dtMs;
    const tm = p.tau_m as number;
    const cm = p.cm as number;
    const te = (p.tau_syn_E ?? 1) as number;
    const ti = (p.tau_syn_I ?? 1) as number;
    this.P22 = p22(h, tm);
    this.P20 = p20(h, tm, cm);
    this.P21e = p21(h, tm, te, cm);
    this.P21i = p21(h, tm, ti, cm);
    this.P31e = p31(h, tm, te, cm);
    this.P31i = p31(h, tm, ti, cm);
    this.Pse = Math.exp(-h / te);
    this.Psi = Math.exp(-h / ti);
    this.hE = (Math.E * h) / te;
    this.hI = (Math.E * h) / ti;
    this.refSteps = stepsOf(p.tau_refrac as number, dtMs);
    this.pv = unboxedParams(p, ['v_rest', 'v_reset', 'v_thresh', 'i_offset']);
  }

  /** IF_curr_exp and IF_curr_alpha with kernel 'wasm': the WebAssembly kernel, its memory sized for the rings. */
  protected override createKernel(nSlots: number): WasmCurrState | null {
    return this.shape !== 'delta' && this.kernel === 'wasm' ? WasmCurrState.create(this.n, nSlots, this.shape === 'alpha') : null;
  }

  protected override adopt(w: WasmCurrState): void {
    w.v.set(this.v);
    w.isynExc.set(this.isynExc);
    w.isynInh.set(this.isynInh);
    w.yExc.set(this.yExc);
    w.yInh.set(this.yInh);
    w.refr.set(this.refr);
    this.v = w.v;
    this.isynExc = w.isynExc;
    this.isynInh = w.isynInh;
    this.yExc = w.yExc;
    this.yInh = w.yInh;
    this.refr = w.refr;
  }

  override resetState(draw: (variable: string, i: number) => number): void {
    for (let i = 0; i < this.n; i++) {
      this.v[i] = draw('v', i);
      if (this.shape !== 'delta') {
        this.isynExc[i] = draw('isyn_exc', i);
        this.isynInh[i] = draw('isyn_inh', i);
      }
    }
    this.yExc.fill(0);
    this.yInh.fill(0);
    this.refr.fill(0);
    this.clearInputs();
  }

  override variable(name: string): Float64Array | undefined {
    if (name === 'v') return this.v;
    if (name === 'isyn_exc' && this.shape !== 'delta') return this.isynExc;
    if (name === 'isyn_inh' && this.shape !== 'delta') return this.isynInh;
    return undefined;
  }

  override directTarget(receptor: 'excitatory' | 'inhibitory'): Float64Array | null {
    if (this.shape === 'delta') return this.v;
    if (this.shape === 'alpha') return receptor === 'excitatory' ? this.yExc : this.yInh;
    return receptor === 'excitatory' ? this.isynExc : this.isynInh;
  }
  override directGate(): Int32Array | null {
    return this.shape === 'delta' ? this.refr : null;
  }

  override prime(): void {
    if (this.kernelMem !== null) return; // the WebAssembly kernel needs no type feedback
    const q = primeProbe(primedCurr, this, this.shape, () => new LifCurrPopulation('prime', 4, 'prime', 0.1, this.shape, { cm: 1, tau_m: 20, v_rest: -65, v_reset: -65, v_thresh: -50, i_offset: 0, tau_refrac: 0.2, tau_syn_E: 5, tau_syn_I: 5 }, 'js'));
    if (q === null) return;
    // Neuron 0 spikes every few steps (then is refractory); 1 gets ring input every 8th step.
    for (let k = 0; k < PRIME_STEPS; k++) {
      q.v[0] = -40;
      if (k % 8 === 4) {
        q.inE[(k % 3) * 4 + 1] = 0.01;
        q.inI[(k % 3) * 4 + 1] = 0.01;
      }
      q.step(k);
    }
  }

  override step(k: number): void {
    this.nSpikes = 0;
    if (this.kernelMem !== null) this.stepWasm(k, this.kernelMem);
    else if (this.shape === 'exp') this.stepExp(k);
    else if (this.shape === 'alpha') this.stepAlpha(k);
    else this.stepDelta(k);
  }

  private stepWasm(k: number, w: WasmCurrState): void {
    const pInj = this.injectionOffset(w);
    const pv = this.pv;
    const slot = (k % this.nSlots) * this.n * 8;
    const pRE = w.inE.byteOffset + slot;
    const pRI = w.inI.byteOffset + slot;
    const ring = this.ringUsed ? 1 : 0;
    const R1 = this.refSteps - 1;
    const ns = w.step(
      this.n, w.v.byteOffset, w.isynExc.byteOffset, w.isynInh.byteOffset, w.refr.byteOffset, w.spikes.byteOffset, pInj, pRE, pRI, ring,
      pv[0] as number, pv[1] as number, pv[2] as number, pv[3] as number, this.P22, this.P20, this.P21e, this.P21i, this.Pse, this.Psi, R1, RUNAWAY_MV,
      w.yExc.byteOffset, w.yInh.byteOffset, this.P31e, this.P31i, this.hE, this.hI,
    );
    if (ns < 0) this.diverged(k, 'v', -ns - 1, w.v[-ns - 1] as number);
    this.nSpikes = ns;
  }

  private stepExp(k: number): void {
    const n = this.n;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, isynExc: ie, isynInh: ii, refr, inE, inI, iInj, P22, P20, P21e, P21i, Pse, Psi } = this;
    const pv = this.pv;
    const vr = pv[0] as number;
    const vreset = pv[1] as number;
    const vth = pv[2] as number;
    const ioff = pv[3] as number;
    const R1 = this.refSteps - 1;
    const ring = this.ringUsed;
    for (let i = 0; i < n; i++) {
      let e = ie[i] as number;
      let h = ii[i] as number;
      if (ring) {
        e += inE[off + i] as number;
        h += inI[off + i] as number;
        inE[off + i] = 0;
        inI[off + i] = 0;
      }
      let vi = v[i] as number;
      const r = refr[i] as number;
      if (r > 0) refr[i] = r - 1;
      else {
        const ix = iInj === null ? ioff : ioff + (iInj[i] as number);
        vi = vr + (vi - vr) * P22 + e * P21e + h * P21i + ix * P20;
      }
      ie[i] = e * Pse;
      ii[i] = h * Psi;
      if (vi > vth) {
        sp[ns++] = i;
        vi = vreset;
        refr[i] = R1;
      } else if (!(vi > -RUNAWAY_MV && vi < RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      v[i] = vi;
    }
    this.nSpikes = ns;
  }

  private stepAlpha(k: number): void {
    const n = this.n;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, isynExc: ie, isynInh: ii, yExc, yInh, refr, inE, inI, iInj, P22, P20, P21e, P21i, P31e, P31i, Pse, Psi, hE, hI } = this;
    const pv = this.pv;
    const vr = pv[0] as number;
    const vreset = pv[1] as number;
    const vth = pv[2] as number;
    const ioff = pv[3] as number;
    const R1 = this.refSteps - 1;
    for (let i = 0; i < n; i++) {
      const ye = (yExc[i] as number) + (inE[off + i] as number);
      const yi = (yInh[i] as number) + (inI[off + i] as number);
      inE[off + i] = 0;
      inI[off + i] = 0;
      const e = ie[i] as number;
      const h = ii[i] as number;
      let vi = v[i] as number;
      const r = refr[i] as number;
      if (r > 0) refr[i] = r - 1;
      else {
        const ix = iInj === null ? ioff : ioff + (iInj[i] as number);
        vi = vr + (vi - vr) * P22 + e * P21e + h * P21i + ye * P31e + yi * P31i + ix * P20;
      }
      // Exact alpha propagation: I(h) = (I + e·y·h/τ) e^{-h/τ}, y(h) = y e^{-h/τ}.
      ie[i] = (e + ye * hE) * Pse;
      ii[i] = (h + yi * hI) * Psi;
      yExc[i] = ye * Pse;
      yInh[i] = yi * Psi;
      if (vi > vth) {
        sp[ns++] = i;
        vi = vreset;
        refr[i] = R1;
      } else if (!(vi > -RUNAWAY_MV && vi < RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      v[i] = vi;
    }
    this.nSpikes = ns;
  }

  private stepDelta(k: number): void {
    const n = this.n;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, refr, inE, inI, iInj, P22, P20 } = this;
    const pv = this.pv;
    const vr = pv[0] as number;
    const vreset = pv[1] as number;
    const vth = pv[2] as number;
    const ioff = pv[3] as number;
    const R1 = this.refSteps - 1;
    const ring = this.ringUsed;
    for (let i = 0; i < n; i++) {
      let jump = 0;
      if (ring) {
        jump = (inE[off + i] as number) + (inI[off + i] as number);
        inE[off + i] = 0;
        inI[off + i] = 0;
      }
      let vi = v[i] as number;
      const r = refr[i] as number;
      if (r > 0) refr[i] = r - 1;
      else {
        const ix = iInj === null ? ioff : ioff + (iInj[i] as number);
        vi = vr + (vi + jump - vr) * P22 + ix * P20;
      }
      if (vi > vth) {
        sp[ns++] = i;
        vi = vreset;
        refr[i] = R1;
      } else if (!(vi > -RUNAWAY_MV && vi < RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      v[i] = vi;
    }
    this.nSpikes = ns;
  }
}
