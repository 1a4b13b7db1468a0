/**
 * Synaptic projections in CSR by source with event-driven delivery into the target's per-receptor
 * ring buffers. Memory per static synapse: 4 bytes (target index) when weight and delay are
 * constant, + 4 (float32 weight) when weights vary, + 1–2 (uint8/uint16 delay steps) when delays
 * vary. Plastic projections keep float64 weights and a by-target index for post-side updates.
 */
import type { PopulationState } from './neurons/population.js';

/** Fields common to static and plastic projections. */
export abstract class ProjectionState {
  /** Number of synapses. */
  readonly count: number;
  constructor(
    readonly label: string,
    readonly pre: PopulationState,
    readonly post: PopulationState,
    readonly receptor: 'excitatory' | 'inhibitory',
    readonly rowPtr: Int32Array,
    readonly target: Int32Array,
    /** Delay in steps per synapse, or null if all equal `delayConst`. */
    readonly delaySteps: Uint8Array | Uint16Array | null,
    readonly delayConst: number,
  ) {
    this.count = target.length;
  }

  /** Largest delay in steps (sizes the target's ring). */
  maxDelay(): number {
    if (this.delaySteps === null) return this.delayConst;
    let m = 0;
    for (const d of this.delaySteps) if (d > m) m = d;
    return m;
  }

  /** Weight of synapse `s` (CSR order). */
  abstract weightAt(s: number): number;
  /** Plasticity updates for the spikes of step k (no-op for static). */
  abstract learn(k: number): void;
  /** Delivers the spikes the source emitted in step k. */
  abstract deliver(k: number): void;
  /** Bytes held by connectivity and weights. */
  abstract bytes(): number;

  /** Delay of synapse `s` in steps. */
  delayAt(s: number): number {
    return this.delaySteps === null ? this.delayConst : (this.delaySteps[s] as number);
  }

  /** Multiplier applied at delivery (−1 turns NEST-style negative inhibitory weights into conductances). */
  deliverSign = 1;
  private readonly wConstBox = new Float64Array(1);

  protected deliverWith(k: number, w: Float32Array | Float64Array | null, wConst: number): void {
    if (this.deliverSign !== 1 && w !== null) {
      this.deliverSigned(k, w);
      return;
    }
    const pre = this.pre;
    const nSp = pre.nSpikes;
    if (nSp === 0) return;
    const spikes = pre.spikes;
    const n = this.post.n;
    const nSlots = this.post.nSlots;
    const buf = this.receptor === 'excitatory' ? this.post.inE : this.post.inI;
    const { rowPtr, target, delaySteps } = this;
    const wake = this.post.wake;
    if (delaySteps === null) {
      const base = ((k + 1 + this.delayConst) % nSlots) * n;
      for (let s = 0; s < nSp; s++) {
        const i = spikes[s] as number;
        const end = rowPtr[i + 1] as number;
        if (w === null) {
          for (let j = rowPtr[i] as number; j < end; j++) {
            const t = target[j] as number;
            const x = base + t;
            buf[x] = (buf[x] as number) + wConst;
            if (wake !== null) wake[t] = 0;
          }
        }
        else {
          for (let j = rowPtr[i] as number; j < end; j++) {
            const t = target[j] as number;
            const x = base + t;
            buf[x] = (buf[x] as number) + (w[j] as number);
            if (wake !== null) wake[t] = 0;
          }
        }
      }
      return;
    }
    const b0 = (k + 1) % nSlots;
    // The constant weight as an unboxed double: a Smi (e.g. 0) joining w[j] would box the sum.
    const wc = this.wConstBox;
    wc[0] = wConst;
    for (let s = 0; s < nSp; s++) {
      const i = spikes[s] as number;
      const end = rowPtr[i + 1] as number;
      for (let j = rowPtr[i] as number; j < end; j++) {
        let slot = b0 + (delaySteps[j] as number);
        if (slot >= nSlots) slot -= nSlots;
        const t = target[j] as number;
        const x = slot * n + t;
        buf[x] = (buf[x] as number) + (w === null ? wc[0] as number : (w[j] as number));
        if (wake !== null) wake[t] = 0;
      }
    }
  }

  private deliverSigned(k: number, w: Float32Array | Float64Array): void {
    const pre = this.pre;
    const n = this.post.n;
    const nSlots = this.post.nSlots;
    const buf = this.receptor === 'excitatory' ? this.post.inE : this.post.inI;
    const b0 = (k + 1) % nSlots;
    const sg = this.deliverSign;
    const wake = this.post.wake;
    for (let s = 0; s < pre.nSpikes; s++) {
      const i = pre.spikes[s] as number;
      for (let j = this.rowPtr[i] as number; j < (this.rowPtr[i + 1] as number); j++) {
        let slot = b0 + this.delayAt(j);
        if (slot >= nSlots) slot -= nSlots;
        const t = this.target[j] as number;
        const x = slot * n + t;
        buf[x] = (buf[x] as number) + sg * (w[j] as number);
        if (wake !== null) wake[t] = 0;
      }
    }
  }
}

/**
 * A static projection. With a constant delay D and a target that accepts direct input it queues
 * the source spikes of step k and adds their weights straight into the target's synaptic state at
 * the start of step k + D + 1 (the same arithmetic as the ring path, without touching a ring per
 * neuron per step); otherwise it delivers into the rings at emission.
 */
export class StaticProjection extends ProjectionState {
  private direct: Float64Array | null = null;
  private gate: Int32Array | null = null;
  private qIds: Int32Array[] = [];
  private qLen: Int32Array = new Int32Array(0);

  constructor(
    label: string, pre: PopulationState, post: PopulationState, receptor: 'excitatory' | 'inhibitory',
    rowPtr: Int32Array, target: Int32Array, delaySteps: Uint8Array | Uint16Array | null, delayConst: number,
    /** Per-synapse weights, or null if all equal `weightConst`. */
    readonly weights: Float32Array | null,
    readonly weightConst: number,
  ) {
    super(label, pre, post, receptor, rowPtr, target, delaySteps, delayConst);
  }
  /** Switches to direct delivery into `target` (see class doc). Only for a constant delay. */
  useDirect(target: Float64Array, gate: Int32Array | null): void {
    if (this.delaySteps !== null) return;
    this.direct = target;
    this.gate = gate;
    const slots = this.delayConst + 1;
    this.qIds = Array.from({ length: slots }, () => new Int32Array(Math.max(16, this.pre.n)));
    this.qLen = new Int32Array(slots);
  }
  /** True if delivering directly (then the target's rings are not used by this projection). */
  get isDirect(): boolean {
    return this.direct !== null;
  }
  /** Clears queued spikes (reset). */
  clearQueue(): void {
    this.qLen.fill(0);
  }
  /** Direct path: applies the spikes emitted D + 1 steps ago, at the start of step k. */
  applyQueued(k: number): void {
    const tgt = this.direct;
    if (tgt === null) return;
    const slot = k % this.qLen.length;
    const len = this.qLen[slot] as number;
    if (len === 0) return;
    this.qLen[slot] = 0;
    const ids = this.qIds[slot] as Int32Array;
    const { rowPtr, target, weights } = this;
    const wc = this.weightConst;
    const gate = this.gate;
    const wake = this.post.wake;
    for (let s = 0; s < len; s++) {
      const i = ids[s] as number;
      const end = rowPtr[i + 1] as number;
      if (gate !== null) {
        for (let j = rowPtr[i] as number; j < end; j++) {
          const t = target[j] as number;
          if (gate[t] === 0) {
            tgt[t] = (tgt[t] as number) + (weights === null ? wc : (weights[j] as number));
            if (wake !== null) wake[t] = 0;
          }
        }
      } else if (weights === null) {
        for (let j = rowPtr[i] as number; j < end; j++) {
          const t = target[j] as number;
          tgt[t] = (tgt[t] as number) + wc;
          if (wake !== null) wake[t] = 0;
        }
      } else {
        for (let j = rowPtr[i] as number; j < end; j++) {
          const t = target[j] as number;
          tgt[t] = (tgt[t] as number) + (weights[j] as number);
          if (wake !== null) wake[t] = 0;
        }
      }
    }
  }
  override weightAt(s: number): number {
    return this.weights === null ? this.weightConst : (this.weights[s] as number);
  }
  override learn(): void {}
  override deliver(k: number): void {
    if (this.direct === null) {
      this.deliverWith(k, this.weights, this.weightConst);
      return;
    }
    // Queue the spikes of step k for step k + D + 1 (slot (k + D + 1) mod (D + 1) = k mod (D + 1)).
    const slot = k % this.qLen.length;
    const pre = this.pre;
    let buf = this.qIds[slot] as Int32Array;
    const len = this.qLen[slot] as number;
    if (len + pre.nSpikes > buf.length) {
      const nb = new Int32Array(2 * (len + pre.nSpikes));
      nb.set(buf.subarray(0, len));
      buf = nb;
      this.qIds[slot] = nb;
    }
    buf.set(pre.spikes.subarray(0, pre.nSpikes), len);
    this.qLen[slot] = len + pre.nSpikes;
  }
  override bytes(): number {
    return this.rowPtr.byteLength + this.target.byteLength + (this.weights?.byteLength ?? 0) + (this.delaySteps?.byteLength ?? 0);
  }
}

/** Base of plastic projections: float64 weights, bounds, by-target index, per-target weight sums. */
export abstract class PlasticProjection extends ProjectionState {
  /** By-target index: synapses onto target p are colIdx[colPtr[p]..colPtr[p+1]) (CSR positions). */
  readonly colPtr: Int32Array;
  readonly colIdx: Int32Array;
  /** Source neuron of each CSR synapse. */
  readonly source: Int32Array;
  /** Sum of incoming weights per target (kept incrementally for the weights port). */
  readonly sumPost: Float64Array;
  readonly initialWeights: Float64Array;

  constructor(
    label: string, pre: PopulationState, post: PopulationState, receptor: 'excitatory' | 'inhibitory',
    rowPtr: Int32Array, target: Int32Array, delaySteps: Uint8Array | Uint16Array | null, delayConst: number,
    readonly weights: Float64Array,
    readonly wMin: number,
    readonly wMax: number,
  ) {
    super(label, pre, post, receptor, rowPtr, target, delaySteps, delayConst);
    this.initialWeights = Float64Array.from(weights);
    const nPost = post.n;
    this.colPtr = new Int32Array(nPost + 1);
    for (let s = 0; s < target.length; s++) {
      const r = (target[s] as number) + 1;
      this.colPtr[r] = (this.colPtr[r] as number) + 1;
    }
    for (let p = 0; p < nPost; p++) this.colPtr[p + 1] = (this.colPtr[p + 1] as number) + (this.colPtr[p] as number);
    const fill = this.colPtr.slice(0, nPost);
    this.colIdx = new Int32Array(target.length);
    this.source = new Int32Array(target.length);
    for (let i = 0; i < pre.n; i++) {
      for (let s = rowPtr[i] as number; s < (rowPtr[i + 1] as number); s++) {
        this.source[s] = i;
        const p = target[s] as number;
        const at = fill[p] as number;
        fill[p] = at + 1;
        this.colIdx[at] = s;
      }
    }
    this.sumPost = new Float64Array(nPost);
    this.recomputeSums();
  }

  /** Recomputes per-target sums exactly (after a reset). */
  recomputeSums(): void {
    this.sumPost.fill(0);
    for (let s = 0; s < this.count; s++) {
      const p = this.target[s] as number;
      this.sumPost[p] = (this.sumPost[p] as number) + (this.weights[s] as number);
    }
  }

  /** Overwrites all weights (CSR order) and recomputes the per-target sums. */
  loadWeights(w: Float64Array): void {
    this.weights.set(w);
    this.recomputeSums();
  }

  /** Restores the initial weights. */
  restoreWeights(): void {
    this.weights.set(this.initialWeights);
    this.recomputeSums();
  }

  /** Clears traces/histories (called on reset). */
  abstract resetPlasticity(): void;

  override weightAt(s: number): number {
    return this.weights[s] as number;
  }
  override deliver(k: number): void {
    this.deliverWith(k, this.weights, 0);
  }
  override bytes(): number {
    return this.rowPtr.byteLength + this.target.byteLength + this.weights.byteLength * 2 + (this.delaySteps?.byteLength ?? 0) + this.colPtr.byteLength + this.colIdx.byteLength + this.source.byteLength;
  }

  /** Adds dw to synapse s with clipping to [wMin, wMax]; keeps sums. */
  protected bump(s: number, dw: number): void {
    const w0 = this.weights[s] as number;
    let w = w0 + dw;
    if (w > this.wMax) w = this.wMax;
    else if (w < this.wMin) w = this.wMin;
    this.weights[s] = w;
    const p = this.target[s] as number;
    this.sumPost[p] = (this.sumPost[p] as number) + (w - w0);
  }
}
