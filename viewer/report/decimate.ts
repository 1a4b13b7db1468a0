/**
 * Min/max decimation of a sampled trace for plotting: each of `buckets` time buckets keeps its
 * minimum and maximum sample (in time order), so spikes of a membrane trace and the envelope of a
 * fast signal survive while the point count stays bounded.
 */

/** Indices of the samples kept for one channel (all of them if there are ≤ 2·buckets). */
export function minMaxIndices(n: number, get: (i: number) => number, buckets: number): number[] {
  if (n <= 2 * buckets) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor((b * n) / buckets);
    const hi = Math.floor(((b + 1) * n) / buckets);
    let iMin = lo;
    let iMax = lo;
    for (let i = lo + 1; i < hi; i++) {
      const x = get(i);
      if (x < get(iMin)) iMin = i;
      if (x > get(iMax)) iMax = i;
    }
    if (iMin === iMax) out.push(iMin);
    else out.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  return out;
}
