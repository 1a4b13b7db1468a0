/**
 * Per-trial and per-block analysis of the eye-blink experiment: CR detection on the DCN population
 * (and on eyelid closure), onset/peak, eyelid closure at US onset, PC and DCN rate changes in the
 * 150–200 ms window, block %CR, and the mean traces the report plots. Fed by the experiment's bus
 * subscription; pure bookkeeping, no I/O.
 */
import { GEMINIANI_2022, detectCr, movingAverage, populationSdf, type CrResult } from './cr-detection.js';

/** Timing of a trial (ms from trial start). */
export interface TrialTiming {
  readonly csOnsetMs: number;
  readonly usOnsetMs: number;
  readonly trialMs: number;
}

/** Raw data of one trial. */
export interface TrialData {
  readonly index: number;
  readonly phase: string;
  readonly paired: boolean;
  readonly csOn: boolean;
  readonly dcnSpikesMs: number[];
  readonly pcSpikesMs: number[];
  /** Eyelid closure (0 open … 1 closed) sampled every ms. */
  readonly eyelid: number[];
  /** Puff pressure at the cornea (Pa) sampled every ms. */
  readonly cornea: number[];
}

/** Scored trial (metrics.json `trials[]`). */
export interface TrialScore {
  readonly trial: number;
  readonly phase: string;
  readonly paired: boolean;
  readonly cr: boolean;
  readonly crReason: CrResult['reason'];
  readonly onsetMs: number | null;
  readonly peakMs: number;
  readonly crEyelid: boolean;
  readonly eyelidOnsetMs: number | null;
  readonly eyelidAtUs: number;
  /** Peak puff pressure that reached the cornea (Pa). */
  readonly puffAtCorneaPa: number;
  readonly pcRateChangeHz: number;
  readonly dcnRateChangeHz: number;
}

/** A block of 10 trials (metrics.json `blocks[]`). */
export interface BlockScore {
  readonly phase: string;
  readonly block: number;
  readonly trials: number;
  readonly crPercent: number;
  readonly crEyelidPercent: number;
  readonly meanOnsetMs: number | null;
  readonly meanPeakMs: number | null;
  readonly meanEyelidAtUs: number;
  readonly pcRateChangeHz: number;
  readonly dcnRateChangeHz: number;
}

/** Accumulates trials and scores them against the trial-0 baseline. */
export class EyeblinkAnalysis {
  readonly trials: TrialScore[] = [];
  private baselineDcn: number | undefined;
  private baselineEyelid: number | undefined;
  /** Mean DCN/PC SDF and eyelid trace per block (for the report). */
  readonly blockTraces: { phase: string; block: number; dcn: Float64Array; pc: Float64Array; eyelid: Float64Array; n: number }[] = [];
  /** Spikes of the first and last scored trial blocks for rasters. */
  readonly rasters: { early: { dcn: number[]; pc: number[] }[]; late: { dcn: number[]; pc: number[] }[] } = { early: [], late: [] };
  private lastBlockRaster: { dcn: number[]; pc: number[] }[] = [];

  constructor(
    private readonly timing: TrialTiming,
    private readonly cells: { dcn: number; pc: number },
    private readonly thresholds: { dcnHz: number; eyelid: number },
  ) {}

  /** Scores one trial. The first trial seen (trial 0, CS alone) sets the baselines. */
  add(d: TrialData): TrialScore {
    const { csOnsetMs: cs, usOnsetMs: us, trialMs } = this.timing;
    const dcnSdf = populationSdf(d.dcnSpikesMs, this.cells.dcn, trialMs, GEMINIANI_2022.sigmaMs);
    const pcSdf = populationSdf(d.pcSpikesMs, this.cells.pc, trialMs, GEMINIANI_2022.sigmaMs);
    const dcnMa = movingAverage(dcnSdf, GEMINIANI_2022.windowMs);
    const eyelid = Float64Array.from({ length: trialMs }, (_, i) => d.eyelid[Math.min(i, d.eyelid.length - 1)] ?? 0);
    const eyeMa = movingAverage(eyelid, GEMINIANI_2022.windowMs);
    if (this.baselineDcn === undefined) {
      this.baselineDcn = mean(dcnMa, 0, cs);
      this.baselineEyelid = mean(eyeMa, 0, cs);
    }
    const sig = dcnMa.map((x) => x - (this.baselineDcn as number));
    const eyeSig = eyeMa.map((x) => x - (this.baselineEyelid as number));
    const r = detectCr(sig, cs, us, this.thresholds.dcnHz);
    const re = detectCr(eyeSig, cs, us, this.thresholds.eyelid);
    const win = (times: number[], cells: number, a: number, b: number) => times.filter((t) => t >= a && t < b).length / cells / ((b - a) / 1000);
    const pre = [cs - 100, cs] as const;
    const w = [cs + 150, cs + 200] as const;
    const score: TrialScore = {
      trial: d.index,
      phase: d.phase,
      paired: d.paired,
      cr: r.cr,
      crReason: r.reason,
      onsetMs: r.onsetMs,
      peakMs: r.peakMs,
      crEyelid: re.cr,
      eyelidOnsetMs: re.onsetMs,
      eyelidAtUs: eyelid[Math.round(us)] ?? 0,
      puffAtCorneaPa: Math.max(0, ...d.cornea),
      pcRateChangeHz: win(d.pcSpikesMs, this.cells.pc, ...w) - win(d.pcSpikesMs, this.cells.pc, ...pre),
      dcnRateChangeHz: win(d.dcnSpikesMs, this.cells.dcn, ...w) - win(d.dcnSpikesMs, this.cells.dcn, ...pre),
    };
    this.trials.push(score);
    this.addTraces(d, dcnSdf, pcSdf, eyelid);
    return score;
  }

  private addTraces(d: TrialData, dcn: Float64Array, pc: Float64Array, eyelid: Float64Array): void {
    if (d.index === 0 && d.phase === 'acquisition') return;
    const k = this.trials.filter((t) => t.phase === d.phase && !(t.trial === 0 && t.phase === 'acquisition')).length - 1;
    const block = Math.floor(k / 10);
    let bt = this.blockTraces.find((b) => b.phase === d.phase && b.block === block);
    if (bt === undefined) {
      bt = { phase: d.phase, block, dcn: new Float64Array(dcn.length), pc: new Float64Array(pc.length), eyelid: new Float64Array(eyelid.length), n: 0 };
      this.blockTraces.push(bt);
      if (this.lastBlockRaster.length > 0 && this.rasters.early.length === 0) this.rasters.early = this.lastBlockRaster;
      this.lastBlockRaster = [];
    }
    for (let i = 0; i < dcn.length; i++) {
      bt.dcn[i] = (bt.dcn[i] as number) + (dcn[i] as number);
      bt.pc[i] = (bt.pc[i] as number) + (pc[i] as number);
      bt.eyelid[i] = (bt.eyelid[i] as number) + (eyelid[i] as number);
    }
    bt.n++;
    this.lastBlockRaster.push({ dcn: d.dcnSpikesMs.slice(), pc: d.pcSpikesMs.slice() });
    this.rasters.late = this.lastBlockRaster;
  }

  /** Blocks of 10 trials per phase (acquisition's trial 0 is the baseline and not scored in blocks). */
  blocks(): BlockScore[] {
    const out: BlockScore[] = [];
    const phases = [...new Set(this.trials.map((t) => t.phase))];
    for (const phase of phases) {
      const ts = this.trials.filter((t) => t.phase === phase && !(t.trial === 0 && phase === 'acquisition'));
      for (let b = 0; b * 10 < ts.length; b++) {
        const bl = ts.slice(b * 10, b * 10 + 10);
        const crs = bl.filter((t) => t.cr);
        out.push({
          phase,
          block: b + 1,
          trials: bl.length,
          crPercent: (100 * crs.length) / bl.length,
          crEyelidPercent: (100 * bl.filter((t) => t.crEyelid).length) / bl.length,
          meanOnsetMs: crs.length ? crs.reduce((a, t) => a + (t.onsetMs ?? 0), 0) / crs.length : null,
          meanPeakMs: crs.length ? crs.reduce((a, t) => a + t.peakMs, 0) / crs.length : null,
          meanEyelidAtUs: bl.reduce((a, t) => a + t.eyelidAtUs, 0) / bl.length,
          pcRateChangeHz: bl.reduce((a, t) => a + t.pcRateChangeHz, 0) / bl.length,
          dcnRateChangeHz: bl.reduce((a, t) => a + t.dcnRateChangeHz, 0) / bl.length,
        });
      }
    }
    return out;
  }
}

function mean(x: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += x[i] as number;
  return s / Math.max(1, b - a);
}
