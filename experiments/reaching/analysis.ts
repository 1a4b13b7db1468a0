/**
 * Per-trial scoring of the reaching experiment, fed from the bus (pure bookkeeping, no I/O):
 * endpoint error = mean distance between the hand (pose sensor) and the target position over the
 * last `endWindowMs` of the trial; joint errors over the same window; joint traces (every 5 ms) of
 * selected trials for the plots.
 */

/** Scored trial of one condition (metrics.json `trials[]`). */
export interface ReachTrialScore {
  readonly condition: string;
  readonly trial: number;
  readonly phase: string;
  readonly loaded: boolean;
  /** Mean hand–target distance over the end window (m). */
  readonly endpointErrorM: number;
  /** Mean desired − actual joint angle over the end window [shoulder, elbow] (rad). */
  readonly jointErrorRad: [number, number];
  /** Largest hand–target distance after the reach ended (m). */
  readonly maxErrorAfterReachM: number;
}

/** Joint trace of one trial (desired and actual, ms from trial start). */
export interface JointTrace {
  readonly condition: string;
  readonly trial: number;
  readonly label: string;
  readonly tMs: number[];
  readonly shoulder: number[];
  readonly elbow: number[];
  readonly shoulderDesired: number[];
  readonly elbowDesired: number[];
}

/** Accumulates one trial's samples. */
export class TrialAccumulator {
  private sumErr = 0;
  private n = 0;
  private maxErr = 0;
  private readonly sumJ = [0, 0];
  readonly trace: JointTrace | undefined;

  constructor(readonly condition: string, readonly trial: number, readonly phase: string, readonly loaded: boolean, traceLabel: string | undefined) {
    this.trace = traceLabel === undefined ? undefined : { condition, trial, label: traceLabel, tMs: [], shoulder: [], elbow: [], shoulderDesired: [], elbowDesired: [] };
  }

  /** One sample at `tMs` into the trial; `inEndWindow` and `afterReach` select what it counts toward. */
  add(tMs: number, distM: number, q: ArrayLike<number>, qd: ArrayLike<number>, inEndWindow: boolean, afterReach: boolean): void {
    if (inEndWindow) {
      this.sumErr += distM;
      this.sumJ[0] = (this.sumJ[0] as number) + ((qd[0] as number) - (q[0] as number));
      this.sumJ[1] = (this.sumJ[1] as number) + ((qd[1] as number) - (q[1] as number));
      this.n++;
    }
    if (afterReach && distM > this.maxErr) this.maxErr = distM;
    if (this.trace !== undefined && Math.round(tMs) % 5 === 0) {
      this.trace.tMs.push(tMs);
      this.trace.shoulder.push(q[0] as number);
      this.trace.elbow.push(q[1] as number);
      this.trace.shoulderDesired.push(qd[0] as number);
      this.trace.elbowDesired.push(qd[1] as number);
    }
  }

  score(): ReachTrialScore {
    const n = Math.max(1, this.n);
    return {
      condition: this.condition, trial: this.trial, phase: this.phase, loaded: this.loaded,
      endpointErrorM: this.sumErr / n, jointErrorRad: [(this.sumJ[0] as number) / n, (this.sumJ[1] as number) / n], maxErrorAfterReachM: this.maxErr,
    };
  }
}

/** Summary of one condition (metrics.json `summary.<condition>`). */
export interface ConditionSummary {
  /** Mean endpoint error of the last `k` unloaded trials (m); null without unloaded trials. */
  readonly beforeLoadM: number | null;
  /** Mean endpoint error of the first `k` loaded trials (m). */
  readonly firstLoadedM: number | null;
  /** Mean endpoint error of the last `k` loaded trials (m). */
  readonly lastLoadedM: number | null;
  /** 100·(1 − last/first) over the loaded trials. */
  readonly reductionPercent: number | null;
  readonly k: number;
}

/** Summarises the scored trials of one condition with blocks of `k` trials. */
export function summarise(trials: readonly ReachTrialScore[], k: number): ConditionSummary {
  const mean = (xs: readonly ReachTrialScore[]): number | null => (xs.length === 0 ? null : xs.reduce((a, t) => a + t.endpointErrorM, 0) / xs.length);
  const before = trials.filter((t) => !t.loaded);
  const after = trials.filter((t) => t.loaded);
  const kk = Math.max(1, Math.min(k, Math.floor(after.length / 2) || 1));
  const first = mean(after.slice(0, kk));
  const last = mean(after.slice(-kk));
  return {
    beforeLoadM: mean(before.slice(-k)), firstLoadedM: first, lastLoadedM: last,
    reductionPercent: first !== null && last !== null && first > 0 ? 100 * (1 - last / first) : null, k: kk,
  };
}
