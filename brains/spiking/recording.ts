/** In-memory recorders of spikes and sampled variables/weights (growable typed buffers). */
import type { PopulationState } from './neurons/population.js';
import type { ProjectionState } from './projection.js';

class F64 {
  a = new Float64Array(256);
  n = 0;
  push(x: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = x;
  }
}

/** Records spikes of a population (optionally a subset of neurons). */
export class SpikeRecorder {
  private ids = new F64();
  private times = new F64();
  private readonly mask: Uint8Array | null;
  constructor(readonly pop: PopulationState, indices: readonly number[] | null) {
    this.mask = indices ? new Uint8Array(pop.n) : null;
    if (indices && this.mask) for (const i of indices) this.mask[i] = 1;
  }
  /** Appends the spikes of step k. */
  sample(k: number, dtMs: number): void {
    const p = this.pop;
    for (let s = 0; s < p.nSpikes; s++) {
      const i = p.spikes[s] as number;
      if (this.mask !== null && this.mask[i] === 0) continue;
      this.ids.push(i);
      this.times.push(k * dtMs);
    }
  }
  clear(): void {
    this.ids = new F64();
    this.times = new F64();
  }
  result(): { ids: Int32Array; timesMs: Float64Array } {
    return { ids: Int32Array.from(this.ids.a.subarray(0, this.ids.n)), timesMs: this.times.a.slice(0, this.times.n) };
  }
}

/**
 * Samples a state variable (after step k, i.e. the value at (k+1)·dt; the value at t = 0 is the
 * first sample) or the weights of a projection every `every` steps.
 */
export class TraceRecorder {
  private data = new F64();
  private times = new F64();
  constructor(
    readonly key: string,
    private readonly indices: Int32Array | null,
    private readonly every: number,
    private readonly source: () => Float64Array | null,
    private readonly proj: ProjectionState | null,
  ) {}
  private width(): number {
    if (this.indices) return this.indices.length;
    return this.proj ? this.proj.count : (this.source() as Float64Array).length;
  }
  private push(tMs: number): void {
    this.times.push(tMs);
    const arr = this.source();
    const n = this.width();
    for (let m = 0; m < n; m++) {
      const i = this.indices ? (this.indices[m] as number) : m;
      this.data.push(this.proj ? this.proj.weightAt(i) : ((arr as Float64Array)[i] as number));
    }
  }
  sample(k: number, dtMs: number): void {
    if ((k + 1) % this.every === 0) this.push((k + 1) * dtMs);
  }
  clear(): void {
    this.data = new F64();
    this.times = new F64();
    this.push(0);
  }
  result(): { timesMs: Float64Array; data: Float64Array; width: number } {
    return { timesMs: this.times.a.slice(0, this.times.n), data: this.data.a.slice(0, this.data.n), width: this.width() };
  }
}
