/**
 * Conductance-based LIF (IF_cond_exp, IF_cond_alpha). Scheme: exponential Euler, the same as
 * Brian2's `exponential_euler`: over a step the conductances are held at their start-of-step values,
 * so V relaxes exactly towards V∞ = (g_L V_rest + g_E E_E + g_I E_I + I)/g_tot with time constant
 * C/g_tot; conductances then decay exactly (exp) or follow the exact alpha propagator. Local error
 * O(dt²) per step from the frozen conductances; unconditionally stable. The propagator
 * exp(−h·g_tot/C) is taken with `fastExp` (within 2 ulp of Math.exp).
 *
 * Quiescent fast path: a decaying conductance is flushed to exactly 0 once it falls below
 * `G_FLUSH`·g_L (10⁻¹² of the leak: its effect on V is below 10⁻¹⁰ mV). A neuron without
 * conductance, out of refractoriness, without injected current and within `V_SNAP` of its resting
 * potential is set exactly to rest, which is a fixed point of the update: it is skipped until
 * input arrives (nothing is lost: the skipped update would leave every variable unchanged). Every
 * delivery clears the neuron's flag (`PopulationState.wake`), so a skipped neuron costs the read of
 * one byte per step: in the eye-blink granule layer about 7 in 10 neurons sleep at any step.
 *
 * IF_cond_exp and IF_cond_alpha step on a WebAssembly kernel (wasm/lif-cond.wat) once their rings
 * are allocated, unless built with kernel 'js'; it is bit-identical to `step` below, which stays
 * the reference.
 */
import { stepsOf } from '../propagators.js';
import { fastExp } from '../../numerics/fast-exp.js';
import { WasmCondState } from '../wasm/kernels.js';
import { type KernelChoice, KernelPopulation, PRIME_STEPS, RUNAWAY_MV, primeProbe, unboxedParams } from './population.js';

/** Conductances below this fraction of the leak conductance are flushed to 0. */
export const G_FLUSH = 1e-12;
/** A quiescent membrane within this distance of rest (mV) is set to rest exactly. */
export const V_SNAP = 1e-9;

/** Kernel configurations (shape, rings, injected current) already primed in this process. */
const primedCond = new Set<string>();
const PRIME_PARAMS = { cm: 1, tau_m: 20, v_rest: -65, v_reset: -65, v_thresh: -50, i_offset: 0, tau_refrac: 0.2, tau_syn_E: 5, tau_syn_I: 5, e_rev_E: 0, e_rev_I: -80 };

/** IF_cond_exp / IF_cond_alpha state and kernel. */
export class LifCondPopulation extends KernelPopulation<WasmCondState> {
  // Not readonly: the WebAssembly kernel moves them into its memory when the rings are allocated.
  v: Float64Array;
  gExc: Float64Array;
  gInh: Float64Array;
  yExc: Float64Array;
  yInh: Float64Array;
  refr: Int32Array;
  /** 1 where the neuron sits exactly at its resting fixed point (see the header). */
  private quiet: Uint8Array;
  private readonly refSteps: number;
  /** The parameters the kernel reads, as unboxed doubles (see `unboxedParams`). */
  private readonly pv: Float64Array;
  /** Derived constants of both kernels: g_L, P_E, P_I, e·h/τ_E, e·h/τ_I, −h/C, flush bound, V at rest. */
  private readonly kc: Float64Array;

  constructor(label: string, n: number, engine: string, dtMs: number, readonly shape: 'exp' | 'alpha', readonly p: Readonly<Record<string, number>>, readonly kernel: KernelChoice = 'wasm') {
    super(label, n, engine, dtMs);
    this.v = new Float64Array(n);
    this.gExc = new Float64Array(n);
    this.gInh = new Float64Array(n);
    this.yExc = new Float64Array(shape === 'alpha' ? n : 0);
    this.yInh = new Float64Array(shape === 'alpha' ? n : 0);
    this.refr = new Int32Array(n);
    this.quiet = new Uint8Array(n);
    this.wake = this.quiet;
    this.refSteps = stepsOf(p.tau_refrac as number, dtMs);
    this.pv = unboxedParams(p, ['cm', 'tau_m', 'v_rest', 'e_rev_E', 'e_rev_I', 'v_reset', 'v_thresh', 'i_offset', 'tau_syn_E', 'tau_syn_I']);
    const pv = this.pv;
    const h = dtMs;
    const cm = pv[0] as number;
    const gL = cm / (pv[1] as number);
    const te = pv[8] as number;
    const ti = pv[9] as number;
    this.kc = Float64Array.of(gL, Math.exp(-h / te), Math.exp(-h / ti), (Math.E * h) / te, (Math.E * h) / ti, -h / cm, G_FLUSH * gL, (gL * (pv[2] as number) + (pv[7] as number)) / gL);
  }

  /** Kernel 'wasm': the WebAssembly kernel, its memory sized for the rings. */
  protected override createKernel(nSlots: number): WasmCondState | null {
    return this.kernel === 'wasm' ? WasmCondState.create(this.n, nSlots, this.shape === 'alpha') : null;
  }

  protected override adopt(w: WasmCondState): void {
    w.v.set(this.v);
    w.gExc.set(this.gExc);
    w.gInh.set(this.gInh);
    w.yExc.set(this.yExc);
    w.yInh.set(this.yInh);
    w.refr.set(this.refr);
    w.quiet.set(this.quiet);
    this.v = w.v;
    this.gExc = w.gExc;
    this.gInh = w.gInh;
    this.yExc = w.yExc;
    this.yInh = w.yInh;
    this.refr = w.refr;
    this.quiet = w.quiet;
    this.wake = w.quiet;
  }

  override resetState(draw: (variable: string, i: number) => number): void {
    for (let i = 0; i < this.n; i++) {
      this.v[i] = draw('v', i);
      this.gExc[i] = draw('gsyn_exc', i);
      this.gInh[i] = draw('gsyn_inh', i);
    }
    this.yExc.fill(0);
    this.yInh.fill(0);
    this.refr.fill(0);
    this.quiet.fill(0);
    this.clearInputs();
  }

  override variable(name: string): Float64Array | undefined {
    if (name === 'v') return this.v;
    if (name === 'gsyn_exc') return this.gExc;
    if (name === 'gsyn_inh') return this.gInh;
    return undefined;
  }

  override directTarget(receptor: 'excitatory' | 'inhibitory'): Float64Array | null {
    if (this.shape === 'alpha') return receptor === 'excitatory' ? this.yExc : this.yInh;
    return receptor === 'excitatory' ? this.gExc : this.gInh;
  }

  override prime(): void {
    if (this.kernelMem !== null) return; // the WebAssembly kernel needs no type feedback
    const q = primeProbe(primedCond, this, this.shape, () => new LifCondPopulation('prime', 4, 'prime', 0.1, this.shape, PRIME_PARAMS, 'js'));
    if (q === null) return;
    // Neuron 0 spikes every few steps (then is refractory), neuron 3 falls asleep, 1 and 2 get
    // conductance or ring input every 8th step, so every branch runs on every pass.
    for (let k = 0; k < PRIME_STEPS; k++) {
      q.v[0] = -40;
      if (k % 8 === 4) {
        const y = this.shape === 'alpha';
        (y ? q.yExc : q.gExc)[1] = 0.01;
        (y ? q.yInh : q.gInh)[1] = 0.01;
        q.quiet[1] = 0;
        if (q.ringUsed) {
          q.inE[((k + 1) % 3) * 4 + 2] = 0.01;
          q.inI[((k + 1) % 3) * 4 + 2] = 0.01;
          q.quiet[2] = 0;
        }
      }
      q.step(k);
    }
  }

  override step(k: number): void {
    this.nSpikes = 0;
    if (this.kernelMem !== null) {
      this.stepWasm(k, this.kernelMem);
      return;
    }
    const n = this.n;
    const off = (k % this.nSlots) * n;
    const sp = this.spikes; // capacity ≥ n: a neuron spikes at most once per step
    let ns = 0;
    const { v, gExc: ge, gInh: gi, yExc, yInh, refr, inE, inI, iInj } = this;
    const pv = this.pv;
    const kc = this.kc;
    const vr = pv[2] as number;
    const EE = pv[3] as number;
    const EI = pv[4] as number;
    const vreset = pv[5] as number;
    const vth = pv[6] as number;
    const ioff = pv[7] as number;
    const gL = kc[0] as number;
    const Pse = kc[1] as number;
    const Psi = kc[2] as number;
    const hE = kc[3] as number;
    const hI = kc[4] as number;
    const mh = kc[5] as number;
    const gFlush = kc[6] as number;
    const vRest = kc[7] as number;
    const R1 = this.refSteps - 1;
    const alpha = this.shape === 'alpha';
    const ring = this.ringUsed;
    const quiet = this.quiet;
    const nSlots = this.nSlots;
    const canSkip = this.canSkip();
    for (let i = 0; i < n; i++) {
      // A quiet neuron has no conductance and no pending input (deliveries clear its flag).
      if (quiet[i] === 1) {
        if (canSkip) continue;
        quiet[i] = 0;
      }
      let e = ge[i] as number;
      let g = gi[i] as number;
      let ye = 0;
      let yi = 0;
      if (alpha) {
        ye = (yExc[i] as number) + (ring ? (inE[off + i] as number) : 0);
        yi = (yInh[i] as number) + (ring ? (inI[off + i] as number) : 0);
      } else if (ring) {
        e += inE[off + i] as number;
        g += inI[off + i] as number;
      }
      if (ring) {
        inE[off + i] = 0;
        inI[off + i] = 0;
      }
      let vi = v[i] as number;
      const r = refr[i] as number;
      if (r > 0) refr[i] = r - 1;
      else {
        // One path for all neurons (with e = g = 0 this is the leak propagator exactly): a branch
        // that first runs late in a simulation (here, the first conductance) deoptimises the
        // kernel, and V8 may then keep running it from on-stack-replacement code that boxes every
        // V (see PopulationState.prime).
        const gt = gL + e + g;
        const ix = iInj === null ? ioff : ioff + (iInj[i] as number);
        const vinf = (gL * vr + e * EE + g * EI + ix) / gt;
        vi = vinf + (vi - vinf) * fastExp(mh * gt);
      }
      if (alpha) {
        let ne = (e + ye * hE) * Pse;
        let ni = (g + yi * hI) * Psi;
        let nye = ye * Pse;
        let nyi = yi * Psi;
        if (Math.abs(ne) < gFlush && Math.abs(nye) < gFlush) ne = nye = 0;
        if (Math.abs(ni) < gFlush && Math.abs(nyi) < gFlush) ni = nyi = 0;
        ge[i] = ne;
        gi[i] = ni;
        yExc[i] = nye;
        yInh[i] = nyi;
      } else {
        const ne = e * Pse;
        const ni = g * Psi;
        ge[i] = Math.abs(ne) < gFlush ? 0 : ne;
        gi[i] = Math.abs(ni) < gFlush ? 0 : ni;
      }
      if (vi > vth) {
        sp[ns++] = i;
        vi = vreset;
        refr[i] = R1;
      } else if (!(vi > -RUNAWAY_MV && vi < RUNAWAY_MV)) this.diverged(k, 'v', i, vi);
      else if (canSkip && ge[i] === 0 && gi[i] === 0 && refr[i] === 0 && Math.abs(vi - vRest) < V_SNAP && (!alpha || (yExc[i] === 0 && yInh[i] === 0)) && (!ring || noPendingInput(inE, inI, i, n, nSlots))) {
        vi = vRest;
        quiet[i] = 1;
      }
      v[i] = vi;
    }
    this.nSpikes = ns;
  }

  private stepWasm(k: number, w: WasmCondState): void {
    const pInj = this.injectionOffset(w);
    const pv = this.pv;
    const kc = this.kc;
    const vth = pv[6] as number;
    const vRest = kc[7] as number;
    const slot = (k % this.nSlots) * this.n * 8;
    const pRE = w.inE.byteOffset + slot;
    const pRI = w.inI.byteOffset + slot;
    const ring = this.ringUsed ? 1 : 0;
    const R1 = this.refSteps - 1;
    const ns = w.step(
      this.n, w.v.byteOffset, w.gExc.byteOffset, w.gInh.byteOffset, w.refr.byteOffset, w.quiet.byteOffset, w.spikes.byteOffset, pInj, pRE, pRI, w.inE.byteOffset, w.inI.byteOffset, this.nSlots,
      ring, this.canSkip() ? 1 : 0, R1, w.pC, w.pJ, w.pM, kc[0] as number, pv[2] as number, pv[3] as number, pv[4] as number, pv[5] as number, vth, pv[7] as number,
      kc[1] as number, kc[2] as number, kc[5] as number, kc[6] as number, vRest, V_SNAP, RUNAWAY_MV,
      w.yExc.byteOffset, w.yInh.byteOffset, kc[3] as number, kc[4] as number,
    );
    if (ns < 0) this.diverged(k, 'v', -ns - 1, w.v[-ns - 1] as number);
    this.nSpikes = ns;
  }

  /** Sleeping neurons may be skipped: no injected current, and rest is below threshold. */
  private canSkip(): boolean {
    return this.iInj === null && !((this.kc[7] as number) > (this.pv[6] as number));
  }
}

/**
 * True if no ring slot holds input for neuron i. A delivery wakes its target when the spike is
 * emitted, which may be steps before it arrives; a neuron goes back to sleep only with nothing
 * pending, so no input ever lands on a sleeping neuron. Checked on that transition only.
 */
function noPendingInput(inE: Float64Array, inI: Float64Array, i: number, n: number, nSlots: number): boolean {
  for (let s = 0, x = i; s < nSlots; s++, x += n) if ((inE[x] as number) !== 0 || (inI[x] as number) !== 0) return false;
  return true;
}
