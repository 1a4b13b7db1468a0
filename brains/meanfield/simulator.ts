/**
 * The mean-field kernel (TVB `Simulator` loop): per step it
 *   1. transforms each node's coupling variables (coupling `pre`) and writes them into a circular
 *      history buffer at slot `step % horizon` (proxy nodes take their value from outside),
 *   2. sums delayed, weighted history over the sparse connectome (CSR by target) — edge j → i reads
 *      the slot of step − rint(length/speed/dt), so zero-delay edges see the current state,
 *   3. applies the coupling `post`, adds the external drive to c_0 and integrates one step.
 * All arrays are preallocated; a step allocates nothing. Jansen–Rit with SigmoidalJansenRit and a
 * deterministic Euler/Heun scheme (no stimulus) takes a fused path (jansen-rit-kernel.ts) with the
 * same arithmetic, bit for bit; `fused: false` forces the generic path.
 */
import { SimulationError, ValidationError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import { checkConnectivity, integerDelays, type Connectivity } from './connectivity.js';
import type { CouplingFunction } from './coupling.js';
import { makeIntegrator, type Dfun, type Integrator, type IntegratorDesc } from './integrators.js';
import { jansenRitFusedConsts, jansenRitPre, jansenRitUpdate, type FusedCouplingInput, type JansenRitFusedConsts } from './jansen-rit-kernel.js';
import type { MeanFieldModel } from './models/model.js';
import type { Stimulus } from './stimulus.js';

/** Options of the kernel. */
export interface MeanFieldSimulatorOptions {
  readonly model: MeanFieldModel;
  readonly connectivity: Connectivity;
  readonly coupling: CouplingFunction;
  /** Integration step (ms). */
  readonly dtMs: number;
  readonly integrator: IntegratorDesc;
  /** Conduction speed (mm/ms), default 3.0 as in TVB. */
  readonly conductionSpeedMmPerMs?: number;
  /** Initial state (nvar × n, row-major by variable) also used as the constant past; default zeros. */
  readonly initialState?: Float64Array;
  /** Seed of the noise stream. */
  readonly seed?: number;
  /** Nodes whose coupling output comes from `proxyValues` (e.g. replaced by a spiking population). */
  readonly proxyNodes?: readonly number[];
  readonly stimulus?: Stimulus;
  /** Name used in SimulationErrors. */
  readonly name?: string;
  /** Use the fused Jansen–Rit kernel when the combination allows it (default true). */
  readonly fused?: boolean;
}

/** TVB-style whole-brain mean-field simulation kernel. */
export class MeanFieldSimulator {
  readonly n: number;
  readonly nvar: number;
  readonly dtMs: number;
  /** History length in steps (max delay + 1). */
  readonly horizon: number;
  /** Current state, x[v * n + i]. */
  readonly x: Float64Array;
  /** Coupling input of the last step (incl. drive), c[k * n + i]. */
  readonly c: Float64Array;
  /** External drive added to c_0 (one value per node), held until changed. */
  readonly drive: Float64Array;
  /** Values of the proxy nodes' coupling output, in the coupling's `pre` units. */
  readonly proxyValues: Float64Array;
  readonly proxyNodes: readonly number[];
  /** Steps taken. */
  stepIndex = 0;
  /** Integer step delays (row-major, target × source). */
  readonly idelays: Int32Array;
  private readonly model: MeanFieldModel;
  private readonly coupling: CouplingFunction;
  private readonly nOut: number;
  private readonly ncvar: number;
  private readonly cvarIdx: Int32Array;
  private readonly cv: Float64Array;
  private readonly h: Float64Array;
  private readonly hist: Float64Array;
  private readonly gx: Float64Array;
  private readonly rowSum: Float64Array;
  /**
   * Time-batched gather (see `gatherLong`): edges with delay ≥ BATCH in a CSR of their own
   * (weights, history keys), edges with shorter delays in another; `cbuf[c][k·n + i]` holds the
   * long-edge sum of channel c for step `batchStart + k`.
   */
  private readonly lPtr: Int32Array;
  private readonly lW: Float64Array;
  private readonly lKey: Int32Array;
  private readonly sPtr: Int32Array;
  private readonly sW: Float64Array;
  private readonly sKey: Int32Array;
  private readonly cbuf: Float64Array;
  private batchStart = -1;
  private readonly integrator: Integrator;
  private readonly f: Dfun;
  private readonly stim: Float64Array | undefined;
  private readonly stimulus: Stimulus | undefined;
  private readonly init0: Float64Array;
  private readonly rng: Rng;
  private readonly seed: number;
  private readonly label: string;
  /** Constants of the fused Jansen–Rit kernel, undefined on the generic path. */
  private readonly jr: JansenRitFusedConsts | undefined;
  private readonly sPyr: Float64Array;
  private readonly fusedIn: FusedCouplingInput | undefined;

  constructor(o: MeanFieldSimulatorOptions) {
    checkConnectivity(o.connectivity);
    const n = o.connectivity.nRegions;
    const m = o.model;
    this.n = n;
    this.nvar = m.stateNames.length;
    this.dtMs = o.dtMs;
    this.model = m;
    this.coupling = o.coupling;
    this.label = o.name ?? 'meanfield';
    this.ncvar = m.cvar.length;
    this.cvarIdx = Int32Array.from(m.cvar);
    this.nOut = o.coupling.nOut(this.ncvar);
    if (this.nOut < m.nCouplingInputs) {
      throw new ValidationError('coupling', o.coupling.name, `a coupling with ≥ ${m.nCouplingInputs} outputs for ${m.name}`, 'pick a coupling that matches the model');
    }
    const speed = o.conductionSpeedMmPerMs ?? 3.0;
    this.idelays = integerDelays(o.connectivity, speed, o.dtMs);
    // Edges (non-zero weights) by target, split into long-delay edges (d ≥ BATCH, summed BATCH
    // steps at a time) and short-delay edges (summed every step), each in ascending source order;
    // an edge's history key is j·2H + H − d (see step()).
    const W = o.connectivity.weights;
    const D = this.idelays;
    this.rowSum = new Float64Array(n);
    let maxD = 0;
    let nnz = 0;
    let nLong = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const w = W[i * n + j] as number;
        if (w === 0) continue;
        const d = D[i * n + j] as number;
        if (d > maxD) maxD = d;
        if (d >= BATCH) nLong++;
        this.rowSum[i] = (this.rowSum[i] as number) + w;
        nnz++;
      }
    }
    this.horizon = maxD + 1;
    const H = this.horizon;
    this.lPtr = new Int32Array(n + 1);
    this.lW = new Float64Array(nLong);
    this.lKey = new Int32Array(nLong);
    this.sPtr = new Int32Array(n + 1);
    this.sW = new Float64Array(nnz - nLong);
    this.sKey = new Int32Array(nnz - nLong);
    let pl = 0;
    let ps = 0;
    for (let i = 0; i < n; i++) {
      this.lPtr[i] = pl;
      this.sPtr[i] = ps;
      for (let j = 0; j < n; j++) {
        const w = W[i * n + j] as number;
        if (w === 0) continue;
        const d = D[i * n + j] as number;
        if (d >= BATCH) {
          this.lW[pl] = w;
          this.lKey[pl++] = j * 2 * H + H - d;
        } else {
          this.sW[ps] = w;
          this.sKey[ps++] = j * 2 * H + H - d;
        }
      }
    }
    this.lPtr[n] = pl;
    this.sPtr[n] = ps;
    this.cbuf = new Float64Array(this.nOut * BATCH * n);
    const size = this.nvar * n;
    this.x = new Float64Array(size);
    this.init0 = new Float64Array(size);
    if (o.initialState !== undefined) {
      if (o.initialState.length !== size) throw new ValidationError('initialState', `length ${o.initialState.length}`, `nvar × n = ${size}`, 'give one value per variable and node');
      this.init0.set(o.initialState);
    }
    this.cv = new Float64Array(this.ncvar * n);
    this.h = new Float64Array(this.nOut * n);
    this.hist = new Float64Array(this.nOut * 2 * this.horizon * n);
    this.gx = new Float64Array(this.nOut * n);
    this.c = new Float64Array(Math.max(this.nOut, m.nCouplingInputs) * n);
    this.drive = new Float64Array(n);
    this.proxyNodes = [...(o.proxyNodes ?? [])];
    this.proxyNodes.forEach((p, k) => {
      if (!Number.isInteger(p) || p < 0 || p >= n) throw new ValidationError(`proxyNodes[${k}]`, p, `a region index in [0, ${n})`, 'name regions by index');
    });
    this.proxyValues = new Float64Array(this.proxyNodes.length);
    this.seed = o.seed ?? 0;
    this.rng = new Rng(this.seed);
    this.integrator = makeIntegrator(o.integrator, this.nvar, n, o.dtMs, m.boundaries, this.rng);
    this.stimulus = o.stimulus;
    this.stim = o.stimulus === undefined ? undefined : new Float64Array(size);
    const c = this.c;
    this.f = (x, dx) => m.dfun(x, c, n, dx);
    this.jr = o.fused === false || o.stimulus !== undefined ? undefined : jansenRitFusedConsts(m, o.coupling, o.integrator, o.dtMs);
    this.sPyr = new Float64Array(n);
    this.fusedIn = this.jr === undefined ? undefined : {
      cb: this.cbuf, k0: 0, sPtr: this.sPtr, sW: this.sW, sKey: this.sKey, hist: this.hist, off: 0, drive: this.drive, c: this.c,
    };
    this.reset();
  }

  /** Restores the initial state, fills the history with it (constant past) and reseeds the noise. */
  reset(seed?: number): void {
    this.x.set(this.init0);
    this.stepIndex = 0;
    this.batchStart = -1;
    this.drive.fill(0);
    this.c.fill(0);
    this.proxyValues.fill(0);
    this.rng.setState(new Rng(seed ?? this.seed).getState());
    this.computePre();
    const n = this.n;
    const H = this.horizon;
    for (let k = 0; k < this.nOut; k++) {
      for (let j = 0; j < n; j++) this.hist.fill(this.h[k * n + j] as number, (k * n + j) * 2 * H, (k * n + j + 1) * 2 * H);
    }
  }

  private computePre(): void {
    const n = this.n;
    for (let k = 0; k < this.ncvar; k++) {
      const v = this.cvarIdx[k] as number;
      this.cv.set(this.x.subarray(v * n, (v + 1) * n), k * n);
    }
    this.coupling.pre(this.cv, this.ncvar, n, this.h);
    const px = this.proxyNodes;
    for (let p = 0; p < px.length; p++) this.h[px[p] as number] = this.proxyValues[p] as number;
  }

  /** True when steps run the fused Jansen–Rit kernel. */
  get isFused(): boolean {
    return this.jr !== undefined;
  }

  /** Advances one integration step. */
  step(): void {
    if (this.jr !== undefined) {
      this.stepFused(this.jr);
      return;
    }
    const n = this.n;
    const H = this.horizon;
    const cur = this.stepIndex % H;
    this.computePre();
    const hist = this.hist;
    const h = this.h;
    const gx = this.gx;
    const H2 = 2 * H;
    for (let k = 0; k < this.nOut; k++) {
      // History is time-major per node (hist[base + j·2H + slot]) so that consecutive steps read
      // neighbouring words of the same cache line for each edge. Each step's value is written
      // twice (slots cur and cur + H), so the delayed slot cur + H − d needs no wrap-around:
      // index = base + cur + key, with the edge's key = j·2H + H − d precomputed (lKey, sKey).
      const base = k * H2 * n;
      for (let j = 0; j < n; j++) {
        const v = h[k * n + j] as number;
        hist[base + j * H2 + cur] = v;
        hist[base + j * H2 + cur + H] = v;
      }
    }
    this.refreshBatch(cur);
    for (let k = 0; k < this.nOut; k++) this.couplingSum(k, k * H2 * n, cur, gx, k * n);
    this.coupling.post(this.gx, this.cv, this.rowSum, n, this.nOut, this.c);
    for (let i = 0; i < n; i++) this.c[i] = (this.c[i] as number) + (this.drive[i] as number);
    if (this.stimulus !== undefined) this.stimulus.fill(this.stepIndex * this.dtMs, n, this.stim as Float64Array);
    this.integrator.step(this.x, this.f, this.stim);
    this.stepIndex++;
    this.checkFinite();
  }

  private stepFused(k: JansenRitFusedConsts): void {
    const n = this.n;
    const H = this.horizon;
    const H2 = 2 * H;
    const cur = this.stepIndex % H;
    const h = this.h;
    const hist = this.hist;
    jansenRitPre(k, this.x, n, this.sPyr, h, hist, cur, H);
    const px = this.proxyNodes;
    for (let p = 0; p < px.length; p++) {
      const j = px[p] as number;
      const v = this.proxyValues[p] as number;
      h[j] = v;
      hist[j * H2 + cur] = v;
      hist[j * H2 + cur + H] = v;
    }
    this.refreshBatch(cur);
    const g = this.fusedIn as FusedCouplingInput;
    g.k0 = (this.stepIndex - this.batchStart) * n;
    g.off = cur;
    const check = jansenRitUpdate(k, this.x, g, this.sPyr, n);
    this.stepIndex++;
    if (check - check !== 0) this.checkFinite();
  }

  /** Refills the long-delay batch sums every BATCH steps (history holding step stepIndex). */
  private refreshBatch(cur: number): void {
    const t = this.stepIndex;
    if (this.batchStart >= 0 && t - this.batchStart < BATCH && t >= this.batchStart) return;
    this.batchStart = t;
    const n = this.n;
    const span = 2 * this.horizon * n;
    for (let ch = 0; ch < this.nOut; ch++) gatherLong(this.lPtr, this.lW, this.lKey, this.hist, ch * span + cur, this.cbuf, ch * BATCH * n, n);
  }

  /**
   * out[o + i] = Σ_e w_e · h_j(t − d_e) of channel `ch` for step t = stepIndex (history holding
   * step t): the long-delay sum from the batch buffer, then the short-delay edges added in order.
   * Every sum is thus the long edges in ascending source order followed by the short edges in
   * ascending source order, on the generic and the fused path alike.
   */
  private couplingSum(ch: number, base: number, cur: number, out: Float64Array, o: number): void {
    const n = this.n;
    const cb = this.cbuf;
    const k0 = ch * BATCH * n + (this.stepIndex - this.batchStart) * n;
    const sPtr = this.sPtr;
    const sW = this.sW;
    const sKey = this.sKey;
    const hist = this.hist;
    const off = base + cur;
    for (let i = 0; i < n; i++) {
      let acc = cb[k0 + i] as number;
      const end = sPtr[i + 1] as number;
      for (let e = sPtr[i] as number; e < end; e++) acc += (sW[e] as number) * (hist[off + (sKey[e] as number)] as number);
      out[o + i] = acc;
    }
  }

  private checkFinite(): void {
    const x = this.x;
    for (let k = 0; k < x.length; k++) {
      const v = x[k] as number;
      if (v - v !== 0) {
        const variable = this.model.stateNames[Math.floor(k / this.n)] ?? '?';
        throw new SimulationError(this.label, Math.round(this.stepIndex * this.dtMs * 1e6), `${this.model.name}.${variable}`, k % this.n, `became ${v}`);
      }
    }
  }

  /** Firing rate per node (Hz) of the current state. */
  rateHz(out: Float64Array): void {
    this.model.rateHz(this.x, this.n, out);
  }

  /** The model's default observable per node for the current state. */
  observe(out: Float64Array): void {
    this.model.observe(this.x, this.n, out);
  }

  /** Copy of the full state for snapshots. */
  snapshot(): { x: Float64Array; hist: Float64Array; stepIndex: number; rng: number[]; drive: Float64Array } {
    return { x: this.x.slice(), hist: this.hist.slice(), stepIndex: this.stepIndex, rng: this.rng.getState(), drive: this.drive.slice() };
  }
}

/** Steps summed per pass over the long-delay edges (edges with delay ≥ BATCH steps). */
const BATCH = 8;

/**
 * For steps t..t+7 (t = the step whose history slot `off − base` was just written):
 * cbuf[o + k·n + i] = Σ_e w_e · hist[off + key_e + k] over row i's long edges in order. With the
 * time-major doubled history, step t + k − d sits at off + key + k (key = j·2H + H − d), so each
 * edge reads eight neighbouring words; d ≥ 8 means all of them are already written. The eight
 * sums of a row are independent add chains; each keeps the edge order of the row.
 */
function gatherLong(ptr: Int32Array, w: Float64Array, key: Int32Array, hist: Float64Array, off: number, cbuf: Float64Array, o: number, n: number): void {
  for (let i = 0; i < n; i++) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    const end = ptr[i + 1] as number;
    for (let e = ptr[i] as number; e < end; e++) {
      const we = w[e] as number;
      const q = off + (key[e] as number);
      a0 += we * (hist[q] as number);
      a1 += we * (hist[q + 1] as number);
      a2 += we * (hist[q + 2] as number);
      a3 += we * (hist[q + 3] as number);
      a4 += we * (hist[q + 4] as number);
      a5 += we * (hist[q + 5] as number);
      a6 += we * (hist[q + 6] as number);
      a7 += we * (hist[q + 7] as number);
    }
    cbuf[o + i] = a0;
    cbuf[o + n + i] = a1;
    cbuf[o + 2 * n + i] = a2;
    cbuf[o + 3 * n + i] = a3;
    cbuf[o + 4 * n + i] = a4;
    cbuf[o + 5 * n + i] = a5;
    cbuf[o + 6 * n + i] = a6;
    cbuf[o + 7 * n + i] = a7;
  }
}
