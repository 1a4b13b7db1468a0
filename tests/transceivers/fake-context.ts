/** A TransceiverContext stand-in for unit tests: records reports. */
import { Rng } from '../../core/random.js';
import type { TransceiverContext } from '../../core/transceiver.js';

/** Context at time `tNs` whose `report` calls are collected in `reports`. */
export function fakeContext(tNs = 0, seed = 1): TransceiverContext & { reports: { kind: string; detail: Record<string, unknown> }[] } {
  const reports: { kind: string; detail: Record<string, unknown> }[] = [];
  return {
    tNs, tInTrialNs: tNs, trial: undefined, rng: new Rng(seed), active: () => undefined,
    report: (kind, detail) => reports.push({ kind, detail: { ...detail } }), reports,
  };
}
