/**
 * Per-sync latency bookkeeping: a growable Float64Array of samples (µs) with percentiles and
 * jitter. Jitter is the mean absolute difference of consecutive samples (RFC 3550's
 * interarrival-jitter idea without its smoothing), so it measures sync-to-sync variation rather
 * than spread around the mean.
 */

/** Summary of a latency series, in microseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly meanUs: number;
  readonly jitterUs: number;
}

/** Collects samples without allocating per sample (amortised doubling). */
export class LatencySeries {
  private buf = new Float64Array(1024);
  private n = 0;

  /** Adds one sample (µs). */
  add(us: number): void {
    if (this.n === this.buf.length) {
      const b = new Float64Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = us;
  }

  /** Number of samples. */
  get count(): number {
    return this.n;
  }

  /** Forgets all samples. */
  clear(): void {
    this.n = 0;
  }

  /** Percentiles (nearest rank), mean, max and jitter. */
  summary(): LatencySummary {
    const n = this.n;
    if (n === 0) return { count: 0, p50Us: Number.NaN, p99Us: Number.NaN, maxUs: Number.NaN, meanUs: Number.NaN, jitterUs: Number.NaN };
    const sorted = this.buf.slice(0, n).sort();
    let sum = 0;
    let jit = 0;
    for (let i = 0; i < n; i++) {
      sum += this.buf[i] as number;
      if (i > 0) jit += Math.abs((this.buf[i] as number) - (this.buf[i - 1] as number));
    }
    return {
      count: n,
      p50Us: percentile(sorted, 0.5),
      p99Us: percentile(sorted, 0.99),
      maxUs: sorted[n - 1] as number,
      meanUs: sum / n,
      jitterUs: n > 1 ? jit / (n - 1) : 0,
    };
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sorted[rank - 1] as number;
}
