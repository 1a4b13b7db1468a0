/**
 * PyNN STDPMechanism with SpikePairRule and Additive / Multiplicative weight dependence.
 * Traces x_pre (τ+) and x_post (τ−) decay exactly each step; at a pre spike the synapse is
 * depressed by A−·f−(w)·x_post, at a post spike potentiated by A+·f+(w)·x_pre, then the spiking
 * side's trace is incremented by 1 ('all' pairing) or set to 1 ('nearest' pairing).
 * Additive (PyNN): f+ = f− = w_max. Multiplicative: f+ = w_max − w, f− = w − w_min.
 * Weights are clipped to [w_min, w_max]. Timing uses spike stamps (delays are treated as
 * axonal and do not shift the pairing); pre updates precede post updates within a step, so a
 * simultaneous pre/post pair potentiates.
 */
import type { PopulationState } from '../neurons/population.js';
import { PlasticProjection } from '../projection.js';

/** STDP parameters in PyNN names. */
export interface StdpParams {
  readonly tau_plus: number;
  readonly tau_minus: number;
  readonly A_plus: number;
  readonly A_minus: number;
  readonly pairing: 'all' | 'nearest';
  readonly rule: 'Additive' | 'Multiplicative';
  /**
   * Optional fixed factors replacing the weight dependence: Δw+ = A_plus·fPlus·x_pre and
   * Δw− = −A_minus·fMinus·x_post (used by the PC–DCN rule).
   */
  readonly fPlus?: number;
  readonly fMinus?: number;
}

/** A projection with pair-based STDP. */
export class StdpProjection extends PlasticProjection {
  readonly xPre: Float64Array;
  readonly xPost: Float64Array;
  private readonly dPre: number;
  private readonly dPost: number;

  constructor(
    label: string, pre: PopulationState, post: PopulationState, receptor: 'excitatory' | 'inhibitory',
    rowPtr: Int32Array, target: Int32Array, delaySteps: Uint8Array | Uint16Array | null, delayConst: number,
    weights: Float64Array, wMin: number, wMax: number, readonly sp: StdpParams,
  ) {
    super(label, pre, post, receptor, rowPtr, target, delaySteps, delayConst, weights, wMin, wMax);
    this.xPre = new Float64Array(pre.n);
    this.xPost = new Float64Array(post.n);
    this.dPre = Math.exp(-pre.dtMs / sp.tau_plus);
    this.dPost = Math.exp(-pre.dtMs / sp.tau_minus);
  }

  override resetPlasticity(): void {
    this.xPre.fill(0);
    this.xPost.fill(0);
  }

  override learn(): void {
    const { xPre, xPost, dPre, dPost, rowPtr, target, weights, colPtr, colIdx, source, sp } = this;
    for (let i = 0; i < xPre.length; i++) xPre[i] = (xPre[i] as number) * dPre;
    for (let i = 0; i < xPost.length; i++) xPost[i] = (xPost[i] as number) * dPost;
    const add = sp.rule === 'Additive';
    const nearest = sp.pairing === 'nearest';
    const pre = this.pre;
    for (let s = 0; s < pre.nSpikes; s++) {
      const i = pre.spikes[s] as number;
      for (let j = rowPtr[i] as number; j < (rowPtr[i + 1] as number); j++) {
        const w = weights[j] as number;
        const f = sp.fMinus !== undefined ? sp.fMinus : add ? this.wMax : w - this.wMin;
        this.bump(j, -sp.A_minus * f * (xPost[target[j] as number] as number));
      }
      xPre[i] = nearest ? 1 : (xPre[i] as number) + 1;
    }
    const post = this.post;
    for (let s = 0; s < post.nSpikes; s++) {
      const p = post.spikes[s] as number;
      for (let c = colPtr[p] as number; c < (colPtr[p + 1] as number); c++) {
        const j = colIdx[c] as number;
        const w = weights[j] as number;
        const f = sp.fPlus !== undefined ? sp.fPlus : add ? this.wMax : this.wMax - w;
        this.bump(j, sp.A_plus * f * (xPre[source[j] as number] as number));
      }
      xPost[p] = nearest ? 1 : (xPost[p] as number) + 1;
    }
  }
}
