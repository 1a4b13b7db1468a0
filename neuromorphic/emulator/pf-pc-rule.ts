/**
 * The cerebellar PF–PC rule (CerebNEST `stdp_synapse_sinexp`, as brains/spiking/plasticity/pf-pc.ts)
 * in the emulator, event-driven:
 *  - LTP: each parallel-fibre (pre) spike adds A_plus to every synapse of its row (processed when
 *    the spike is handled, as SpiNNaker processes plastic rows when the presynaptic spike arrives);
 *  - LTD: each teacher (IO) spike of post neuron p at tick k changes every synapse onto p by
 *    A_minus · Σ k(sd) over the fibre's spikes at lags k − k_PF ∈ [2, 201] ticks (sd ∈ [−200, 0) ms
 *    at 1 ms), the kernel read from a lookup table in ticks;
 *  - per tick, LTD of the teacher spikes comes before LTP of the fibre spikes, and a fibre's spike is
 *    delivered with the weight after its own LTP (the float simulator's order); weights are clipped
 *    to [w_min, w_max] after each change.
 * Fixed point (SpiNNaker profile): weights, A± and bounds are whole multiples of the projection's
 * weight step (lowering.ts), the kernel table holds s4.11 values (sPyNNaker's STDP fixed point,
 * 2^−11), kernel sums are exact integer sums of table entries, and the LTD change per teacher spike
 * is |A_minus|·K truncated to whole steps (a fixed-point multiply drops the low bits). Float
 * profile: float64 throughout, same summation order as brains/spiking (newest spike first).
 *
 * The fibre history is one bucket per tick over the 202-tick window (spikes of tick t in bucket
 * t mod 202), so a kernel sum visits only the spikes in the window, never all fibres.
 */
import { pfPcKernel } from '../../brains/spiking/plasticity/pf-pc.js';
import type { LoweredProjection } from './lowering.js';

/** STDP fixed-point fraction bits of the kernel table (sPyNNaker STDP_FIXED_POINT). */
export const PFPC_LUT_FRACTION_BITS = 11;

/** State of one plastic PF–PC projection. */
export class PfPcRule {
  readonly label: string;
  /** CSR by pre (local index): row pointers, global post index, delay ticks, weights in units. */
  readonly rowPtr: Int32Array;
  readonly tgt: Int32Array;
  readonly dl: Int32Array;
  readonly w: Float64Array;
  /** One weight unit in IR units (the SpiNNaker weight step, or 1 in float). */
  readonly unit: number;
  readonly receptor: 0 | 1;
  private readonly w0: Float64Array;
  private readonly colPtr: Int32Array;
  private readonly colPos: Int32Array;
  private readonly colSrc: Int32Array;
  private readonly aPlus: number;
  private readonly aMinus: number;
  private readonly wMin: number;
  private readonly wMax: number;
  private readonly fixed: boolean;
  private readonly table: Float64Array;
  private readonly lagMin: number;
  private readonly lagMax: number;
  private readonly W: number;
  private readonly bucketTick: Int32Array;
  private readonly bucketLen: Int32Array;
  private bucket: Int32Array;
  private bucketCap = 8;
  private readonly kSum: Float64Array;
  private readonly kStamp: Int32Array;
  /** Spikes of the current tick waiting for the end-of-tick update (pre local ids, post local ids). */
  pendingPre: Int32Array;
  nPendingPre = 0;
  pendingTeacher: Int32Array;
  nPendingTeacher = 0;

  constructor(p: LoweredProjection, preSize: number, postSize: number, postOffset: number, dtMs: number, fixed: boolean) {
    const r = p.plastic!;
    this.label = p.label;
    this.fixed = fixed;
    this.receptor = p.receptor;
    this.unit = fixed ? (p.weightStep as number) : 1;
    const u = this.unit;
    this.aPlus = r.aPlus / u;
    this.aMinus = r.aMinus / u;
    this.wMin = r.wMin / u;
    this.wMax = r.wMax / u;
    const n = p.weight.length;
    // CSR by pre (stable: connection order within a row, as brains/spiking)
    this.rowPtr = new Int32Array(preSize + 1);
    for (let c = 0; c < n; c++) {
      const r = (p.preIdx[c] as number) + 1;
      this.rowPtr[r] = (this.rowPtr[r] as number) + 1;
    }
    for (let i = 0; i < preSize; i++) this.rowPtr[i + 1] = (this.rowPtr[i + 1] as number) + (this.rowPtr[i] as number);
    const fill = this.rowPtr.slice(0, preSize);
    this.tgt = new Int32Array(n);
    this.dl = new Int32Array(n);
    this.w0 = new Float64Array(n);
    const postLocal = new Int32Array(n);
    const srcOf = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      const i = p.preIdx[c] as number;
      const at = fill[i] as number;
      fill[i] = at + 1;
      postLocal[at] = p.postIdx[c] as number;
      this.tgt[at] = postOffset + (p.postIdx[c] as number);
      this.dl[at] = p.delayTicks[c] as number;
      this.w0[at] = (p.weight[c] as number) / u;
      srcOf[at] = i;
    }
    this.w = Float64Array.from(this.w0);
    // CSC view for the LTD sweep of one post neuron
    this.colPtr = new Int32Array(postSize + 1);
    for (let s = 0; s < n; s++) {
      const j = (postLocal[s] as number) + 1;
      this.colPtr[j] = (this.colPtr[j] as number) + 1;
    }
    for (let j = 0; j < postSize; j++) this.colPtr[j + 1] = (this.colPtr[j + 1] as number) + (this.colPtr[j] as number);
    const cf = this.colPtr.slice(0, postSize);
    this.colPos = new Int32Array(n);
    this.colSrc = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const j = postLocal[s] as number;
      const at = cf[j] as number;
      cf[j] = at + 1;
      this.colPos[at] = s;
      this.colSrc[at] = srcOf[s] as number;
    }
    // kernel table by lag (ticks), as brains/spiking: sd = (oneTick − lag)·dt
    const one = Math.round(1 / dtMs);
    this.lagMin = one + 1;
    this.lagMax = one + Math.round(200 / dtMs);
    this.table = new Float64Array(this.lagMax + 1);
    const F = 2 ** PFPC_LUT_FRACTION_BITS;
    for (let L = this.lagMin; L <= this.lagMax; L++) {
      const k = pfPcKernel((one - L) * dtMs);
      this.table[L] = fixed ? Math.round(k * F) : k;
    }
    this.W = this.lagMax + 1;
    this.bucketTick = new Int32Array(this.W).fill(-1);
    this.bucketLen = new Int32Array(this.W);
    this.bucket = new Int32Array(this.W * this.bucketCap);
    this.kSum = new Float64Array(preSize);
    this.kStamp = new Int32Array(preSize).fill(-1);
    this.pendingPre = new Int32Array(Math.max(4, preSize));
    this.pendingTeacher = new Int32Array(Math.max(4, postSize));
  }

  /** Current weights in IR units (CSR-by-pre order). */
  weights(): Float64Array {
    const out = new Float64Array(this.w.length);
    for (let s = 0; s < out.length; s++) out[s] = (this.w[s] as number) * this.unit;
    return out;
  }

  /** Back to t = 0: history cleared; weights kept or restored. */
  reset(keepWeights: boolean): void {
    if (!keepWeights) this.w.set(this.w0);
    this.bucketTick.fill(-1);
    this.bucketLen.fill(0);
    this.kStamp.fill(-1);
    this.nPendingPre = 0;
    this.nPendingTeacher = 0;
  }

  queuePre(i: number): void {
    if (this.nPendingPre === this.pendingPre.length) this.pendingPre = grow(this.pendingPre);
    this.pendingPre[this.nPendingPre++] = i;
  }

  queueTeacher(p: number): void {
    if (this.nPendingTeacher === this.pendingTeacher.length) this.pendingTeacher = grow(this.pendingTeacher);
    this.pendingTeacher[this.nPendingTeacher++] = p;
  }

  /** LTD for the teacher spikes queued in tick k (uses fibre spikes of earlier ticks only). */
  applyLtd(k: number): void {
    const nT = this.nPendingTeacher;
    this.nPendingTeacher = 0;
    if (nT === 0) return;
    // kernel sums of the fibres that spiked in the window (newest first, as brains/spiking)
    const { kSum, kStamp, table, bucket, bucketTick, bucketLen, W, bucketCap } = this;
    for (let lag = this.lagMin; lag <= this.lagMax; lag++) {
      const t = k - lag;
      if (t < 0) break;
      const b = t % W;
      if (bucketTick[b] !== t) continue;
      const kv = table[lag] as number;
      const len = bucketLen[b] as number;
      for (let m = 0; m < len; m++) {
        const i = bucket[b * bucketCap + m] as number;
        if (kStamp[i] !== k) {
          kStamp[i] = k;
          kSum[i] = 0;
        }
        kSum[i] = (kSum[i] as number) + kv;
      }
    }
    const { colPtr, colPos, colSrc, w, aMinus, wMin, wMax } = this;
    const F = 2 ** PFPC_LUT_FRACTION_BITS;
    for (let s = 0; s < nT; s++) {
      const p = this.pendingTeacher[s] as number;
      const end = colPtr[p + 1] as number;
      for (let c = colPtr[p] as number; c < end; c++) {
        const src = colSrc[c] as number;
        if (kStamp[src] !== k) continue;
        const K = kSum[src] as number;
        if (K === 0) continue;
        const d = this.fixed ? -Math.floor((-aMinus * K) / F) : aMinus * K;
        const pos = colPos[c] as number;
        let x = (w[pos] as number) + d;
        if (x < wMin) x = wMin;
        else if (x > wMax) x = wMax;
        w[pos] = x;
      }
    }
  }

  /** LTP of fibre i's row at tick k and its history entry; returns nothing (weights updated in place). */
  applyLtp(i: number, k: number): void {
    const { w, aPlus, wMin, wMax } = this;
    const end = this.rowPtr[i + 1] as number;
    for (let s = this.rowPtr[i] as number; s < end; s++) {
      let x = (w[s] as number) + aPlus;
      if (x > wMax) x = wMax;
      else if (x < wMin) x = wMin;
      w[s] = x;
    }
    const b = k % this.W;
    if (this.bucketTick[b] !== k) {
      this.bucketTick[b] = k;
      this.bucketLen[b] = 0;
    }
    if ((this.bucketLen[b] as number) === this.bucketCap) this.growBuckets();
    this.bucket[b * this.bucketCap + (this.bucketLen[b] as number)] = i;
    this.bucketLen[b] = (this.bucketLen[b] as number) + 1;
  }

  private growBuckets(): void {
    const oc = this.bucketCap;
    const nc = oc * 2;
    const nb = new Int32Array(this.W * nc);
    for (let b = 0; b < this.W; b++) nb.set(this.bucket.subarray(b * oc, b * oc + (this.bucketLen[b] as number)), b * nc);
    this.bucket = nb;
    this.bucketCap = nc;
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
