/**
 * TVB `TemporalAverage` monitor: the mean of the signal over each period (default 0.9765625 ms,
 * i.e. 1024 Hz), stamped at the end of the period.
 */
import { ValidationError } from '../../../core/errors.js';
import type { Monitor } from './monitor.js';

/** Averages the signal over consecutive windows of `round(periodMs / dtMs)` steps. */
export class TemporalAverageMonitor implements Monitor {
  readonly name = 'TemporalAverage';
  readonly periodMs: number;
  readonly last: Float64Array;
  lastTimeMs = Number.NaN;
  private readonly acc: Float64Array;
  private readonly istep: number;
  private count = 0;
  constructor(private readonly dtMs: number, size: number, periodMs = 0.9765625, private readonly onSample?: (tMs: number, v: Float64Array) => void) {
    this.istep = Math.round(periodMs / dtMs);
    if (this.istep < 1) throw new ValidationError('TemporalAverage.periodMs', periodMs, `≥ dt (${dtMs} ms)`, 'use a period of at least one step');
    this.periodMs = this.istep * dtMs;
    this.last = new Float64Array(size);
    this.acc = new Float64Array(size);
  }
  sample(step: number, signal: Float64Array): boolean {
    const acc = this.acc;
    for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (signal[i] as number);
    this.count++;
    if (this.count < this.istep) return false;
    for (let i = 0; i < acc.length; i++) this.last[i] = (acc[i] as number) / this.count;
    acc.fill(0);
    this.count = 0;
    this.lastTimeMs = step * this.dtMs;
    this.onSample?.(this.lastTimeMs, this.last);
    return true;
  }
  reset(): void {
    this.acc.fill(0);
    this.count = 0;
    this.last.fill(0);
    this.lastTimeMs = Number.NaN;
  }
}
