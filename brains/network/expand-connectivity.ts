/**
 * Deterministic connectivity generation: expands a projection of a validated NetworkDesc into an
 * explicit connection list (pre, post, weight, delay), and a connection list into CSR by source.
 * Streams are derived from (seed, projection label), so adding a projection does not change the
 * others. Shared by the simulator, the neuromorphic emulator and PyNN export.
 */
import { deriveSeed, Rng } from '../../core/random.js';
import type { NetworkDesc, PopulationDesc, ProjectionDesc } from './network-desc.js';
import { computePositions } from './positions.js';
import { sampleValue } from './sample-value.js';

/** Explicit connections of one projection (only the first `count` entries are valid). */
export interface ConnectionList {
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly weight: Float64Array;
  /** Delays (ms) as drawn, before rounding to the grid. */
  readonly delayMs: Float64Array;
  readonly count: number;
}

/** Connections grouped by source neuron: row `i` holds `rowPtr[i]..rowPtr[i+1]`. */
export interface CsrBySource {
  readonly nPre: number;
  readonly rowPtr: Int32Array;
  readonly post: Int32Array;
  readonly weight: Float64Array;
  readonly delayMs: Float64Array;
  /** Index of each CSR entry in the originating ConnectionList. */
  readonly listIndex: Int32Array;
}

class Builder {
  pre = new Int32Array(1024);
  post = new Int32Array(1024);
  n = 0;
  push(i: number, j: number): void {
    if (this.n === this.pre.length) {
      const cap = this.pre.length * 2;
      const a = new Int32Array(cap);
      a.set(this.pre);
      this.pre = a;
      const b = new Int32Array(cap);
      b.set(this.post);
      this.post = b;
    }
    this.pre[this.n] = i;
    this.post[this.n] = j;
    this.n++;
  }
}

/** Positions of every population that declares them, keyed by label (seeded per population). */
export function populationPositions(net: NetworkDesc, seed: number): Map<string, Float64Array> {
  const m = new Map<string, Float64Array>();
  for (const pop of net.populations) {
    if (pop.positions) m.set(pop.label, computePositions(pop.positions, pop.size, new Rng(deriveSeed(seed, `positions:${pop.label}`))));
  }
  return m;
}

/**
 * Expands one projection. `net` must be validated (validateNetwork). Same (net, label, seed) →
 * identical lists.
 */
export function expandProjection(net: NetworkDesc, proj: ProjectionDesc, seed: number, positions?: Map<string, Float64Array>): ConnectionList {
  const pairs = connectPairs(net, proj, seed, positions);
  const { weight, delayMs } = drawSynapseValues(proj, seed, pairs.count);
  return { pre: pairs.pre, post: pairs.post, weight, delayMs, count: pairs.count };
}

/** Source/target index pairs of a projection, without weights (what expandProjection builds on). */
export interface ConnectionPairs {
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly count: number;
}

/** Draws the connector only (same stream as expandProjection). */
export function connectPairs(net: NetworkDesc, proj: ProjectionDesc, seed: number, positions?: Map<string, Float64Array>): ConnectionPairs {
  const pre = findPop(net, proj.pre);
  const post = findPop(net, proj.post);
  const rng = new Rng(deriveSeed(seed, `connect:${proj.label}`));
  const b = new Builder();
  const c = proj.connector;
  const same = proj.pre === proj.post;
  const nPre = pre.size;
  const nPost = post.size;
  switch (c.type) {
    case 'AllToAll':
      for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) if (c.allowSelfConnections || !same || i !== j) b.push(i, j);
      break;
    case 'OneToOne':
      for (let i = 0; i < nPre; i++) b.push(i, i);
      break;
    case 'FixedProbability': {
      if (c.p <= 0) break;
      // Geometric skipping over the nPre×nPost matrix in row-major order: O(#connections).
      const total = nPre * nPost;
      const logq = Math.log(1 - c.p);
      let k = -1;
      for (;;) {
        k += c.p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.float53()) / logq);
        if (k >= total) break;
        const i = Math.floor(k / nPost);
        const j = k - i * nPost;
        if (c.allowSelfConnections || !same || i !== j) b.push(i, j);
      }
      break;
    }
    case 'FixedNumberPre': {
      const pool = new Int32Array(nPre);
      for (let j = 0; j < nPost; j++) {
        if (c.withReplacement) {
          for (let m = 0; m < c.n; ) {
            const i = rng.int(nPre);
            if (!c.allowSelfConnections && same && i === j) continue;
            b.push(i, j);
            m++;
          }
        } else {
          const avail = fillPool(pool, nPre, !c.allowSelfConnections && same ? j : -1);
          partialShuffle(pool, avail, Math.min(c.n, avail), rng);
          for (let m = 0; m < Math.min(c.n, avail); m++) b.push(pool[m] as number, j);
        }
      }
      break;
    }
    case 'FixedNumberPost': {
      const pool = new Int32Array(nPost);
      for (let i = 0; i < nPre; i++) {
        if (c.withReplacement) {
          for (let m = 0; m < c.n; ) {
            const j = rng.int(nPost);
            if (!c.allowSelfConnections && same && i === j) continue;
            b.push(i, j);
            m++;
          }
        } else {
          const avail = fillPool(pool, nPost, !c.allowSelfConnections && same ? i : -1);
          partialShuffle(pool, avail, Math.min(c.n, avail), rng);
          for (let m = 0; m < Math.min(c.n, avail); m++) b.push(i, pool[m] as number);
        }
      }
      break;
    }
    case 'FromList':
      for (const cn of c.conns) b.push(cn[0] as number, cn[1] as number);
      break;
    case 'DistanceDependentProbability': {
      const pos = positions ?? populationPositions(net, seed);
      const a = pos.get(pre.label) as Float64Array;
      const z = pos.get(post.label) as Float64Array;
      const d = c.distance;
      for (let i = 0; i < nPre; i++) {
        for (let j = 0; j < nPost; j++) {
          if (!c.allowSelfConnections && same && i === j) continue;
          const dx = (a[3 * i] as number) - (z[3 * j] as number);
          const dy = (a[3 * i + 1] as number) - (z[3 * j + 1] as number);
          const dz = (a[3 * i + 2] as number) - (z[3 * j + 2] as number);
          const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
          const pc = d.profile === 'exponential' ? d.pMax * Math.exp(-r / d.lengthUm) : d.profile === 'gaussian' ? d.pMax * Math.exp(-(r * r) / (2 * d.sigmaUm * d.sigmaUm)) : r <= d.dMaxUm ? d.p : 0;
          if (rng.float53() < pc) b.push(i, j);
        }
      }
      break;
    }
  }
  return { pre: b.pre.subarray(0, b.n), post: b.post.subarray(0, b.n), count: b.n };
}

/**
 * Weights and delays (ms) for `count` connections of `proj`, in connection order (FromList
 * entries with 4 fields override the synapse's). Same stream as expandProjection.
 */
export function drawSynapseValues(proj: ProjectionDesc, seed: number, count: number): { weight: Float64Array; delayMs: Float64Array } {
  const wr = new Rng(deriveSeed(seed, `weights:${proj.label}`));
  const fromList = proj.connector.type === 'FromList' ? proj.connector.conns : undefined;
  const n = count;
  const weight = new Float64Array(n);
  const delayMs = new Float64Array(n);
  const sw = proj.synapse.weight;
  const sd = proj.synapse.delay;
  for (let k = 0; k < n; k++) {
    const cn = fromList?.[k];
    weight[k] = cn && cn.length === 4 ? (cn[2] as number) : typeof sw === 'number' ? sw : sampleValue(sw, wr);
    delayMs[k] = cn && cn.length === 4 ? (cn[3] as number) : typeof sd === 'number' ? sd : sampleValue(sd, wr);
  }
  return { weight, delayMs };
}

/** Groups a connection list by source neuron (stable counting sort). */
export function toCsrBySource(list: ConnectionList, nPre: number): CsrBySource {
  const rowPtr = new Int32Array(nPre + 1);
  for (let k = 0; k < list.count; k++) { const r = (list.pre[k] as number) + 1; rowPtr[r] = (rowPtr[r] as number) + 1; }
  for (let i = 0; i < nPre; i++) rowPtr[i + 1] = (rowPtr[i + 1] as number) + (rowPtr[i] as number);
  const fill = rowPtr.slice(0, nPre);
  const post = new Int32Array(list.count);
  const weight = new Float64Array(list.count);
  const delayMs = new Float64Array(list.count);
  const listIndex = new Int32Array(list.count);
  for (let k = 0; k < list.count; k++) {
    const i = list.pre[k] as number;
    const at = fill[i] as number;
    fill[i] = at + 1;
    post[at] = list.post[k] as number;
    weight[at] = list.weight[k] as number;
    delayMs[at] = list.delayMs[k] as number;
    listIndex[at] = k;
  }
  return { nPre, rowPtr, post, weight, delayMs, listIndex };
}

function findPop(net: NetworkDesc, label: string): PopulationDesc {
  const p = net.populations.find((q) => q.label === label);
  if (!p) throw new Error(`population ${label} not found (validate the network first)`);
  return p;
}

function fillPool(pool: Int32Array, n: number, exclude: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (i !== exclude) pool[m++] = i;
  return m;
}

/** Fisher–Yates on the first `k` positions of pool[0..n). */
function partialShuffle(pool: Int32Array, n: number, k: number, rng: Rng): void {
  for (let m = 0; m < k; m++) {
    const r = m + rng.int(n - m);
    const t = pool[m] as number;
    pool[m] = pool[r] as number;
    pool[r] = t;
  }
}
