/** TVB `Raw` monitor: every step (its period is forced to dt). */
import type { Monitor } from './monitor.js';

/** Emits the signal at every step. */
export class RawMonitor implements Monitor {
  readonly name = 'Raw';
  readonly periodMs: number;
  readonly last: Float64Array;
  lastTimeMs = Number.NaN;
  constructor(private readonly dtMs: number, size: number, private readonly onSample?: (tMs: number, v: Float64Array) => void) {
    this.periodMs = dtMs;
    this.last = new Float64Array(size);
  }
  sample(step: number, signal: Float64Array): boolean {
    this.last.set(signal);
    this.lastTimeMs = step * this.dtMs;
    this.onSample?.(this.lastTimeMs, this.last);
    return true;
  }
  reset(): void {
    this.last.fill(0);
    this.lastTimeMs = Number.NaN;
  }
}
