/**
 * A growable spike buffer that hands out SpikeBatch views without allocating once it has grown to
 * the largest window seen.
 */
import type { SpikeBatch } from '../../core/ports.js';

/** Reusable storage for one window's spikes. */
export class SpikeBuffer {
  ids: Int32Array;
  timesNs: Float64Array;
  count = 0;
  constructor(capacity = 256) {
    this.ids = new Int32Array(capacity);
    this.timesNs = new Float64Array(capacity);
  }
  /** Empties the buffer. */
  clear(): void {
    this.count = 0;
  }
  /** Appends one spike, growing the arrays if needed. */
  push(id: number, tNs: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      const ts = new Float64Array(this.timesNs.length * 2);
      ts.set(this.timesNs);
      this.ids = ids;
      this.timesNs = ts;
    }
    this.ids[this.count] = id;
    this.timesNs[this.count] = tNs;
    this.count++;
  }
  /** The current content as a SpikeBatch (valid until the next clear/push). */
  batch(): SpikeBatch {
    return { ids: this.ids, timesNs: this.timesNs, count: this.count };
  }
}
