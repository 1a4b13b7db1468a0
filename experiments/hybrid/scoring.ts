/**
 * Per-episode scoring of one hybrid loop from the bus's sync stream: the lean φ (mean |φ|, mean φ,
 * RMS, max |φ| over the scored window), the mean torques (policy and cerebellar correction, the
 * latter from the DCN spike counts exactly as the actuate transceiver weighs them), mean PC and
 * DCN rates per microzone, and a φ trace every 20 ms for the plots.
 */
import type { Outputs, SpikeBatch } from '../../core/ports.js';
import { wrapAngle } from '../../transceivers/index.js';
import { BODY, POLE } from './loaded-pendulum.js';
import { POP } from './network.js';

/** What one episode of one loop gave. */
export interface EpisodeRecord {
  readonly episode: number;
  /** Mean |φ| over the scored window (rad): the error. */
  readonly meanAbsPhiRad: number;
  readonly meanPhiRad: number;
  readonly rmsPhiRad: number;
  readonly maxAbsPhiRad: number;
  /** Mean policy torque and mean cerebellar correction over the scored window (N·m). */
  readonly meanPolicyTorqueNm: number;
  readonly meanCorrectionNm: number;
  /** Mean rates over the scored window (Hz per cell). */
  readonly dcnPosHz: number;
  readonly dcnNegHz: number;
  readonly pcPosHz: number;
  readonly pcNegHz: number;
  /** DCN spikes of the whole episode (both microzones). */
  readonly dcnSpikes: number;
  /** φ every 20 ms from the episode start (rad). */
  readonly traceRad: number[];
}

const TRACE_EVERY_NS = 20_000_000;

/** Accumulates one loop's episode from sync events. */
export class EpisodeScorer {
  private n = 0;
  private sumAbs = 0;
  private sum = 0;
  private sumSq = 0;
  private maxAbs = 0;
  private sumPolicy = 0;
  private counts = { dcnPos: 0, dcnNeg: 0, pcPos: 0, pcNeg: 0 };
  private dcnAll = 0;
  private windowNs = 0;
  private trace: number[] = [];
  private readonly keys = { dcnPos: `${POP.dcnPos}.spikes`, dcnNeg: `${POP.dcnNeg}.spikes`, pcPos: `${POP.pcPos}.spikes`, pcNeg: `${POP.pcNeg}.spikes` } as const;

  constructor(
    private readonly names: { readonly body: string; readonly policy: string; readonly cerebellum: string },
    private readonly dcnPerZone: number,
    private readonly pcPerZone: number,
    private readonly gainNmPerHz: number,
    private readonly scoreFromMs: number,
  ) {}

  /** Clears the accumulators (episode start). */
  start(): void {
    this.n = 0;
    this.sumAbs = this.sum = this.sumSq = this.maxAbs = this.sumPolicy = 0;
    this.counts = { dcnPos: 0, dcnNeg: 0, pcPos: 0, pcNeg: 0 };
    this.dcnAll = 0;
    this.windowNs = 0;
    this.trace = [];
  }

  /** One sync point, `tInNs` after the episode start (every engine here steps 5 ms, so all are due). */
  onSync(tInNs: number, outputs: ReadonlyMap<string, Outputs>): void {
    if (tInNs === 0) return;
    const body = outputs.get(this.names.body);
    const brain = outputs.get(this.names.cerebellum);
    const policy = outputs.get(this.names.policy);
    if (body === undefined || brain === undefined || policy === undefined) return;
    const phi = wrapAngle((body[BODY.q] as Float64Array)[0] as number);
    if (tInNs % TRACE_EVERY_NS === 0) this.trace.push(phi);
    const k = this.keys;
    const dPos = (brain[k.dcnPos] as SpikeBatch).count;
    const dNeg = (brain[k.dcnNeg] as SpikeBatch).count;
    this.dcnAll += dPos + dNeg;
    if (tInNs <= this.scoreFromMs * 1e6) return;
    this.n++;
    this.sumAbs += Math.abs(phi);
    this.sum += phi;
    this.sumSq += phi * phi;
    if (Math.abs(phi) > this.maxAbs) this.maxAbs = Math.abs(phi);
    this.sumPolicy += ((policy.action as Float64Array)[0] as number) * POLE.maxTorqueNm;
    this.counts.dcnPos += dPos;
    this.counts.dcnNeg += dNeg;
    this.counts.pcPos += (brain[k.pcPos] as SpikeBatch).count;
    this.counts.pcNeg += (brain[k.pcNeg] as SpikeBatch).count;
    this.windowNs += POLE.bodyDtNs;
  }

  /** The episode's record. */
  finish(episode: number): EpisodeRecord {
    const n = Math.max(1, this.n);
    const s = Math.max(1e-9, this.windowNs / 1e9);
    const dcnPosHz = this.counts.dcnPos / this.dcnPerZone / s;
    const dcnNegHz = this.counts.dcnNeg / this.dcnPerZone / s;
    return {
      episode,
      meanAbsPhiRad: this.sumAbs / n,
      meanPhiRad: this.sum / n,
      rmsPhiRad: Math.sqrt(this.sumSq / n),
      maxAbsPhiRad: this.maxAbs,
      meanPolicyTorqueNm: this.sumPolicy / n,
      meanCorrectionNm: this.gainNmPerHz * (dcnNegHz - dcnPosHz),
      dcnPosHz,
      dcnNegHz,
      pcPosHz: this.counts.pcPos / this.pcPerZone / s,
      pcNegHz: this.counts.pcNeg / this.pcPerZone / s,
      dcnSpikes: this.dcnAll,
      traceRad: this.trace,
    };
  }
}

/** Summary of a condition: first episode vs the mean of the last three. */
export interface ConditionSummary {
  readonly errorPerEpisodeRad: number[];
  readonly firstErrorRad: number;
  readonly lastErrorRad: number;
  /** 100 · (1 − last/first). */
  readonly dropPercent: number;
  readonly lastCorrectionNm: number;
}

/** Summarises a condition's episodes. */
export function summarise(records: readonly EpisodeRecord[]): ConditionSummary {
  const errs = records.map((r) => r.meanAbsPhiRad);
  const tail = records.slice(-Math.min(3, records.length));
  const first = errs[0] ?? Number.NaN;
  const last = tail.reduce((a, r) => a + r.meanAbsPhiRad, 0) / Math.max(1, tail.length);
  return {
    errorPerEpisodeRad: errs,
    firstErrorRad: first,
    lastErrorRad: last,
    dropPercent: 100 * (1 - last / first),
    lastCorrectionNm: tail.reduce((a, r) => a + r.meanCorrectionNm, 0) / Math.max(1, tail.length),
  };
}
