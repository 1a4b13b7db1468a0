/**
 * `binSpikes(binNs, size)`: an RxJS operator over simulated time. Input: a stream of
 * `{tNs, spikes}` (one item per sync point, in time order); output: one `SpikeBin` per completed
 * bin of `binNs` nanoseconds of *simulated* time, with per-neuron counts and the population rate.
 * Bins are closed by the arrival of a later sync point (never by a wall-clock timer), so the result
 * is identical whether the run is paced or as fast as possible. A bin without spikes is still
 * emitted (rate 0), so downstream rate decoders see silence as zero, not as missing data.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { SpikeBatch } from '../ports.js';
import type { TimeNs } from '../time.js';

/** One closed bin [startNs, startNs + binNs). */
export interface SpikeBin {
  readonly startNs: TimeNs;
  readonly endNs: TimeNs;
  /** Spike count per neuron. */
  readonly counts: Int32Array;
  /** Mean firing rate per neuron over the bin, in Hz. */
  readonly rateHz: number;
}

/** Bins spike batches into fixed windows of simulated time (see file comment). */
export function binSpikes(binNs: TimeNs, size: number): OperatorFunction<{ tNs: TimeNs; spikes: SpikeBatch }, SpikeBin> {
  if (!Number.isSafeInteger(binNs) || binNs <= 0) throw new RangeError(`binSpikes: binNs must be a positive integer (got ${binNs})`);
  return (source) =>
    new Observable<SpikeBin>((sub) => {
      let start = 0;
      let counts = new Int32Array(size);
      let total = 0;
      const close = (upTo: TimeNs): void => {
        while (upTo >= start + binNs) {
          sub.next({ startNs: start, endNs: start + binNs, counts, rateHz: total / size / (binNs / 1e9) });
          start += binNs;
          counts = new Int32Array(size);
          total = 0;
        }
      };
      return source.subscribe({
        next: ({ tNs, spikes }) => {
          // Spikes carry their own times; assign each to its bin (close earlier bins first).
          for (let i = 0; i < spikes.count; i++) {
            const ts = spikes.timesNs[i] as number;
            if (ts < start) continue; // belongs to an already-closed bin: cannot happen for ordered input
            close(ts);
            const id = spikes.ids[i] as number;
            counts[id] = (counts[id] as number) + 1;
            total++;
          }
          close(tNs);
        },
        error: (e) => sub.error(e),
        complete: () => sub.complete(),
      });
    });
}
