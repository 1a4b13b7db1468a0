/**
 * Cerebellar MF–DCN plasticity (CerebNEST `stdp_synapse_cosexp`, shared/specs/eyeblink.md):
 *  - LTP: every mossy-fibre spike adds A_plus to each of its synapses;
 *  - LTD: for every pair of an MF spike and a PC spike *arriving* at the same DCN neuron (through
 *    the PC→DCN projection, i.e. at PC stamp + delay + dt) with |sd| ≤ window,
 *    sd = t_MF − t_PC-arrival: ΔW = A_minus·exp(−|0.4·sd|)·cos²(sd/1000)  (A_minus < 0).
 * Each pair is counted once: at an MF spike against earlier arrivals, at an arrival against MF
 * spikes up to and including the same step. Weights clipped to [w_min, w_max].
 */
import type { PopulationState } from '../neurons/population.js';
import { PlasticProjection, type ProjectionState } from '../projection.js';

/** The MF–DCN LTD kernel (without A_minus), sd in ms. */
export function mfDcnKernel(sdMs: number): number {
  const c = Math.cos(sdMs / 1000);
  return Math.exp(-Math.abs(0.4 * sdMs)) * c * c;
}

/** A MF→DCN projection gated by PC spikes reaching the DCN. */
export class MfDcnProjection extends PlasticProjection {
  private readonly win: number;
  private readonly table: Float64Array;
  /** Recent MF spike steps per fibre (ring of `cap`). */
  private readonly mfHist: Float64Array;
  private readonly mfHead: Int32Array;
  private readonly cap: number;
  /** Recent PC arrival steps per DCN (ring of `cap`, counts multiplicity). */
  private readonly arrHist: Float64Array;
  private readonly arrHead: Int32Array;
  /** Future arrivals: slot (step mod nSlots) → list of DCN ids. */
  private readonly fut: Int32Array[];
  private readonly futLen: Int32Array;

  constructor(
    label: string, pre: PopulationState, post: PopulationState, receptor: 'excitatory' | 'inhibitory',
    rowPtr: Int32Array, target: Int32Array, delaySteps: Uint8Array | Uint16Array | null, delayConst: number,
    weights: Float64Array, wMin: number, wMax: number,
    readonly pc: ProjectionState, readonly aPlus: number, readonly aMinus: number, windowMs: number,
  ) {
    super(label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, weights, wMin, wMax);
    const dt = pre.dtMs;
    this.win = Math.round(windowMs / dt);
    this.table = new Float64Array(this.win + 1);
    for (let L = 0; L <= this.win; L++) this.table[L] = mfDcnKernel(L * dt);
    // A fibre/DCN can hold at most one entry per step inside the window (more → oldest dropped,
    // which only happens above 1/dt per window; stated limitation).
    this.cap = Math.min(this.win + 2, 4096);
    this.mfHist = new Float64Array(pre.n * this.cap).fill(-Infinity);
    this.mfHead = new Int32Array(pre.n);
    this.arrHist = new Float64Array(post.n * this.cap).fill(-Infinity);
    this.arrHead = new Int32Array(post.n);
    const slots = pc.maxDelay() + 2;
    this.fut = Array.from({ length: slots }, () => new Int32Array(64));
    this.futLen = new Int32Array(slots);
  }

  override resetPlasticity(): void {
    this.mfHist.fill(-Infinity);
    this.arrHist.fill(-Infinity);
    this.mfHead.fill(0);
    this.arrHead.fill(0);
    this.futLen.fill(0);
  }

  override learn(k: number): void {
    const { rowPtr, target, colPtr, colIdx, source, cap, win, table, aMinus } = this;
    // Schedule arrivals of this step's PC spikes.
    const pc = this.pc;
    const nS = this.futLen.length;
    for (let s = 0; s < pc.pre.nSpikes; s++) {
      const i = pc.pre.spikes[s] as number;
      for (let j = pc.rowPtr[i] as number; j < (pc.rowPtr[i + 1] as number); j++) {
        const slot = (k + pc.delayAt(j) + 1) % nS;
        let buf = this.fut[slot] as Int32Array;
        const len = this.futLen[slot] as number;
        if (len === buf.length) {
          const nb = new Int32Array(len * 2);
          nb.set(buf);
          buf = nb;
          this.fut[slot] = nb;
        }
        buf[len] = pc.target[j] as number;
        this.futLen[slot] = len + 1;
      }
    }
    // MF spikes: LTP, and LTD against earlier arrivals within the window.
    const pre = this.pre;
    for (let s = 0; s < pre.nSpikes; s++) {
      const i = pre.spikes[s] as number;
      for (let j = rowPtr[i] as number; j < (rowPtr[i + 1] as number); j++) {
        const d = target[j] as number;
        let ltd = 0;
        for (let m = 0; m < cap; m++) {
          const lag = k - (this.arrHist[d * cap + m] as number);
          if (lag > 0 && lag <= win) ltd += table[lag] as number;
        }
        this.bump(j, this.aPlus + aMinus * ltd);
      }
      const h = this.mfHead[i] as number;
      this.mfHist[i * cap + h] = k;
      this.mfHead[i] = h + 1 === cap ? 0 : h + 1;
    }
    // Arrivals at this step: LTD against MF spikes up to now within the window.
    const slot = k % nS;
    const len = this.futLen[slot] as number;
    const arr = this.fut[slot] as Int32Array;
    for (let a = 0; a < len; a++) {
      const d = arr[a] as number;
      for (let c = colPtr[d] as number; c < (colPtr[d + 1] as number); c++) {
        const j = colIdx[c] as number;
        const i = source[j] as number;
        let ltd = 0;
        for (let m = 0; m < cap; m++) {
          const lag = k - (this.mfHist[i * cap + m] as number);
          if (lag >= 0 && lag <= win) ltd += table[lag] as number;
        }
        if (ltd !== 0) this.bump(j, aMinus * ltd);
      }
      const h = this.arrHead[d] as number;
      this.arrHist[d * cap + h] = k;
      this.arrHead[d] = h + 1 === cap ? 0 : h + 1;
    }
    this.futLen[slot] = 0;
  }
}
