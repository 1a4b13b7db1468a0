/** Population statistics of recorded spike trains: mean rate and mean ISI coefficient of variation. */

/** Mean rate (Hz) over `n` neurons in [t0, t1) ms and mean CV of ISIs over neurons with ≥ 3 spikes. */
export function spikeStats(ids: Int32Array, timesMs: Float64Array, n: number, t0Ms: number, t1Ms: number): { rateHz: number; cv: number; cvNeurons: number } {
  const per: number[][] = Array.from({ length: n }, () => []);
  let count = 0;
  for (let m = 0; m < ids.length; m++) {
    const t = timesMs[m] as number;
    if (t < t0Ms || t >= t1Ms) continue;
    (per[ids[m] as number] as number[]).push(t);
    count++;
  }
  let cvSum = 0;
  let cvN = 0;
  for (const ts of per) {
    if (ts.length < 3) continue;
    let s = 0;
    let s2 = 0;
    for (let j = 1; j < ts.length; j++) {
      const d = (ts[j] as number) - (ts[j - 1] as number);
      s += d;
      s2 += d * d;
    }
    const k = ts.length - 1;
    const mean = s / k;
    const sd = Math.sqrt(Math.max(0, s2 / k - mean * mean));
    cvSum += sd / mean;
    cvN++;
  }
  return { rateHz: count / (n * (t1Ms - t0Ms) / 1000), cv: cvN > 0 ? cvSum / cvN : Number.NaN, cvNeurons: cvN };
}
