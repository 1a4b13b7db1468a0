/**
 * Cerebellar PF–PC plasticity (CerebNEST `stdp_synapse_sinexp`, shared/specs/eyeblink.md):
 *  - LTP: every parallel-fibre (pre) spike adds A_plus to each of its synapses;
 *  - LTD: at every teacher (climbing fibre / IO) spike of PC p at t_IO, each synapse onto p changes
 *    by A_minus · Σ_PF-spikes k(sd), sd = t_PF − (t_IO − 1 ms) ∈ [−200, 0) ms, with
 *    k(sd) = exp(−(sd−150)/1000) · sin(2π(sd−150)/1000)^20 / 1.2848 (peak near sd = −100 ms).
 * Weights are clipped to [w_min, w_max] after each change. Times are spike stamps on the grid, so
 * the kernel is tabulated exactly at the grid lags. The PF spike history is a per-fibre ring that
 * grows if a fibre fires more than it can hold within the 201 ms window.
 */
import type { PopulationState } from '../neurons/population.js';
import { PlasticProjection } from '../projection.js';

/** The PF–PC LTD kernel k(sd) (without A_minus), sd in ms. */
export function pfPcKernel(sdMs: number): number {
  const x = sdMs - 150;
  return (Math.exp(-x / 1000) * Math.sin((2 * Math.PI * x) / 1000) ** 20) / 1.2848;
}

/** A PF→PC projection with teacher-gated LTD and per-spike LTP. */
export class PfPcProjection extends PlasticProjection {
  private readonly table: Float64Array;
  private readonly lagMin: number;
  private readonly lagMax: number;
  private cap = 16;
  private hist: Float64Array;
  private readonly head: Int32Array;
  private readonly len: Int32Array;
  private readonly kSum: Float64Array;
  private readonly kStamp: Float64Array;
  /**
   * The authoritative weights are stored by target (CSC order, `wCol`) so that the LTD sweep over
   * the ~8,000 inputs of a Purkinje cell is sequential in memory; `pos` maps a CSR (by source)
   * position to its CSC position for delivery and LTP. The inherited CSR `weights` is unused.
   */
  private readonly wCol: Float64Array;
  private readonly srcCol: Int32Array;
  private readonly pos: Int32Array;
  private readonly bounds: Float64Array;
  /** The step whose spikes learn() already delivered (see learn), or −1. */
  private deliveredStep = -1;

  constructor(
    label: string, pre: PopulationState, post: PopulationState, receptor: 'excitatory' | 'inhibitory',
    rowPtr: Int32Array, target: Int32Array, delaySteps: Uint8Array | Uint16Array | null, delayConst: number,
    weights: Float64Array, wMin: number, wMax: number,
    readonly teacher: PopulationState, readonly aPlus: number, readonly aMinus: number,
  ) {
    super(label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, weights, wMin, wMax);
    const dt = pre.dtMs;
    const oneMs = Math.round(1 / dt);
    // sd = (oneMs − lag)·dt with lag = k_IO − k_PF; sd ∈ [−200, 0) ⇔ lag ∈ (oneMs, oneMs + 200/dt].
    this.lagMin = oneMs + 1;
    this.lagMax = oneMs + Math.round(200 / dt);
    this.table = new Float64Array(this.lagMax + 1);
    for (let L = this.lagMin; L <= this.lagMax; L++) this.table[L] = pfPcKernel((oneMs - L) * dt);
    this.hist = new Float64Array(pre.n * this.cap);
    this.head = new Int32Array(pre.n);
    this.len = new Int32Array(pre.n);
    this.kSum = new Float64Array(pre.n);
    this.kStamp = new Float64Array(pre.n).fill(-1);
    const cnt = this.count;
    this.pos = new Int32Array(cnt);
    this.wCol = new Float64Array(cnt);
    this.srcCol = new Int32Array(cnt);
    for (let c = 0; c < cnt; c++) {
      const s = this.colIdx[c] as number;
      this.pos[s] = c;
      this.wCol[c] = weights[s] as number;
      this.srcCol[c] = this.source[s] as number;
    }
    this.bounds = Float64Array.of(wMin, wMax);
    this.recomputeSums();
  }

  override weightAt(s: number): number {
    return this.wCol[this.pos[s] as number] as number;
  }

  override recomputeSums(): void {
    if (this.wCol === undefined) {
      super.recomputeSums();
      return;
    }
    const { colPtr, wCol, sumPost } = this;
    for (let p = 0; p < this.post.n; p++) {
      let sum = 0;
      for (let c = colPtr[p] as number; c < (colPtr[p + 1] as number); c++) sum += wCol[c] as number;
      sumPost[p] = sum;
    }
  }

  override loadWeights(w: Float64Array): void {
    for (let s = 0; s < this.count; s++) this.wCol[this.pos[s] as number] = w[s] as number;
    this.recomputeSums();
  }

  override restoreWeights(): void {
    for (let s = 0; s < this.count; s++) this.wCol[this.pos[s] as number] = this.initialWeights[s] as number;
    this.recomputeSums();
  }

  override deliver(k: number): void {
    const pre = this.pre;
    const nSp = pre.nSpikes;
    if (nSp === 0 || this.deliveredStep === k) return;
    const n = this.post.n;
    const nSlots = this.post.nSlots;
    const buf = this.receptor === 'excitatory' ? this.post.inE : this.post.inI;
    const { rowPtr, target, pos, wCol } = this;
    const wake = this.post.wake;
    const b0 = (k + 1) % nSlots;
    for (let s = 0; s < nSp; s++) {
      const i = pre.spikes[s] as number;
      const end = rowPtr[i + 1] as number;
      for (let j = rowPtr[i] as number; j < end; j++) {
        let slot = b0 + this.delayAt(j);
        if (slot >= nSlots) slot -= nSlots;
        const t = target[j] as number;
        const x = slot * n + t;
        buf[x] = (buf[x] as number) + (wCol[pos[j] as number] as number);
        if (wake !== null) wake[t] = 0;
      }
    }
  }

  override bytes(): number {
    return super.bytes() + this.wCol.byteLength + this.srcCol.byteLength + this.pos.byteLength;
  }

  override resetPlasticity(): void {
    this.deliveredStep = -1;
    this.head.fill(0);
    this.len.fill(0);
    this.kStamp.fill(-1);
  }

  /**
   * LTD at teacher spikes, then LTP (and delivery) at PF spikes, in two methods: the first teacher
   * spike comes late in a run, and with LTD inline it deoptimised the whole of learn() then (seen
   * with --trace-deopt; see PopulationState.prime for why that can be costly in V8).
   */
  override learn(k: number): void {
    if (this.teacher.nSpikes > 0) this.depress(k);
    this.potentiate(k);
  }

  /** LTD at teacher spikes (uses PF spikes of earlier steps only: lag ≥ lagMin > 0). */
  private depress(k: number): void {
    const { colPtr, srcCol, aMinus, wCol: weights, sumPost } = this;
    const wMin = this.bounds[0] as number;
    const wMax = this.bounds[1] as number;
    const T = this.teacher;
    // One sequential pass computes the kernel sum of every fibre for this step.
    const kSum = this.kSum;
    for (let i = 0; i < this.pre.n; i++) this.kernelSum(i, k);
    for (let s = 0; s < T.nSpikes; s++) {
      const p = T.spikes[s] as number;
      let sum = 0;
      const end = colPtr[p + 1] as number;
      for (let c = colPtr[p] as number; c < end; c++) {
        const K = kSum[srcCol[c] as number] as number;
        if (K === 0) continue;
        const w0 = weights[c] as number;
        let w = w0 + aMinus * K;
        if (w < wMin) w = wMin;
        else if (w > wMax) w = wMax;
        weights[c] = w;
        sum += w - w0;
      }
      sumPost[p] = (sumPost[p] as number) + sum;
    }
  }

  private potentiate(k: number): void {
    const { rowPtr, pos, aPlus, wCol: weights, sumPost, target } = this;
    const wMin = this.bounds[0] as number;
    const wMax = this.bounds[1] as number;
    // LTP and history at PF spikes (same arithmetic as bump(), inlined: this loop is hot). When no
    // fibre repeats in the spike list (always, for neuron populations), each synapse is also
    // delivered here, right after its update, with the weight deliver() would read: one pass over
    // the scattered weights instead of two. deliver() then has nothing left to do for this step.
    const pre = this.pre;
    const spikes = pre.spikes;
    const nSp = pre.nSpikes;
    let fuse = nSp > 0;
    for (let s = 1; s < nSp && fuse; s++) if ((spikes[s] as number) <= (spikes[s - 1] as number)) fuse = false;
    this.deliveredStep = fuse ? k : -1;
    const n = this.post.n;
    const nSlots = this.post.nSlots;
    const buf = this.receptor === 'excitatory' ? this.post.inE : this.post.inI;
    const wake = this.post.wake;
    const b0 = (k + 1) % nSlots;
    for (let s = 0; s < nSp; s++) {
      const i = spikes[s] as number;
      const end = rowPtr[i + 1] as number;
      for (let j = rowPtr[i] as number; j < end; j++) {
        const c = pos[j] as number;
        const w0 = weights[c] as number;
        let w = w0 + aPlus;
        if (w > wMax) w = wMax;
        else if (w < wMin) w = wMin;
        const p = target[j] as number;
        if (w !== w0) {
          weights[c] = w;
          sumPost[p] = (sumPost[p] as number) + (w - w0);
        }
        if (fuse) {
          let slot = b0 + this.delayAt(j);
          if (slot >= nSlots) slot -= nSlots;
          const x = slot * n + p;
          buf[x] = (buf[x] as number) + w;
          if (wake !== null) wake[p] = 0;
        }
      }
      this.record(i, k);
    }
  }

  /** Writes fibre i's LTD kernel sum for step k into kSum[i] (no return value: a returned double is boxed). */
  private kernelSum(i: number, k: number): void {
    if (this.kStamp[i] === k) return;
    const cap = this.cap;
    const base = i * cap;
    let sum = 0;
    const n = this.len[i] as number;
    let h = this.head[i] as number;
    for (let m = 0; m < n; m++) {
      h = h === 0 ? cap - 1 : h - 1;
      const lag = k - (this.hist[base + h] as number);
      if (lag > this.lagMax) break;
      if (lag >= this.lagMin) sum += this.table[lag] as number;
    }
    this.kSum[i] = sum;
    this.kStamp[i] = k;
  }

  private record(i: number, k: number): void {
    let n = this.len[i] as number;
    if (n === this.cap) {
      // Drop the oldest entry if it is outside the window, otherwise grow every ring.
      const oldest = this.hist[i * this.cap + (((this.head[i] as number) - n + this.cap) % this.cap)] as number;
      if (k - oldest > this.lagMax) n--;
      else this.grow();
    }
    const cap = this.cap;
    const h = this.head[i] as number;
    this.hist[i * cap + h] = k;
    this.head[i] = h + 1 === cap ? 0 : h + 1;
    this.len[i] = n + 1;
  }

  private grow(): void {
    const old = this.hist;
    const oc = this.cap;
    const nc = oc * 2;
    const nh = new Float64Array(this.pre.n * nc);
    for (let i = 0; i < this.pre.n; i++) {
      const n = this.len[i] as number;
      let h = this.head[i] as number;
      // Copy oldest → newest into positions 0..n-1.
      for (let m = n - 1; m >= 0; m--) {
        h = h === 0 ? oc - 1 : h - 1;
        nh[i * nc + m] = old[i * oc + h] as number;
      }
      this.head[i] = n % nc;
    }
    this.hist = nh;
    this.cap = nc;
  }
}
