/**
 * Scenario tests of the `hybrid` experiment (ONNX policy + spiking cerebellum + Rapier pendulum on
 * one bus) at reduced size: 8 episodes of 5 s, learning and control loop side by side.
 *
 * Thresholds and why:
 *  - with learning the mean |φ| of the last 3 episodes is ≥ 50 % below episode 1 (measured 85 % at
 *    seed 1, 8 episodes), and below half the control's;
 *  - without learning it stays within ±20 % of episode 1 (measured 8 %: Poisson noise only);
 *  - static torque balance, an independent physics reference: at rest the motor torque cancels
 *    gravity on the loaded pole, u = −g·(mL·dx·cos φ + M·l·sin φ), so the mean policy torque plus
 *    the decoded cerebellar correction must match it (tolerance 0.1 N·m, measured ≤ 0.03: the episode
 *    means mix a slowly moving pole, Poisson noise in the DCN rates and the decoder's 200 ms window). In the
 *    control the policy alone carries the payload's torque; after learning the correction does.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../../experiments/framework/index.js';
import hybrid from '../../../experiments/hybrid/index.js';
import { POLE } from '../../../experiments/hybrid/loaded-pendulum.js';
import type { ConditionSummary, EpisodeRecord } from '../../../experiments/hybrid/scoring.js';

type Ep = Omit<EpisodeRecord, 'traceRad'>;
interface Metrics { summary: { learning?: ConditionSummary; control?: ConditionSummary; engines: string[] }; episodes: { episode: number; learning?: Ep; control?: Ep }[] }

const LOAD = { massKg: 0.1, offsetM: -0.5 };

/** Torque the motor must supply to hold the loaded pole still at lean φ (N·m). */
function holdingTorqueNm(phi: number): number {
  const M = POLE.massKg + LOAD.massKg;
  return -POLE.gravityMS2 * (LOAD.massKg * LOAD.offsetM * Math.cos(phi) + M * POLE.lengthM * Math.sin(phi));
}

describe('hybrid experiment (reduced size)', () => {
  it('learns away the lean under load with learning, not without; torques balance gravity', async () => {
    const res = await runExperiment(hybrid, { seed: 1, set: { episodes: 8, load: LOAD } });
    expect(res.error).toBeUndefined();
    expect(res.state).toBe('completed');
    const m = res.metrics as unknown as Metrics;
    const L = m.summary.learning as ConditionSummary;
    const C = m.summary.control as ConditionSummary;
    expect(L.errorPerEpisodeRad).toHaveLength(8);
    // The load causes a clear systematic error for the fixed policy (≈ 0.1 rad = 6°).
    expect(C.firstErrorRad).toBeGreaterThan(0.07);
    expect(L.dropPercent, JSON.stringify(L.errorPerEpisodeRad)).toBeGreaterThanOrEqual(50);
    expect(L.lastErrorRad).toBeLessThan(0.5 * C.lastErrorRad);
    expect(Math.abs(C.dropPercent), JSON.stringify(C.errorPerEpisodeRad)).toBeLessThan(20);
    // Static torque balance (see file comment), first and last episode of both loops.
    const lastL = m.episodes[7]?.learning as Ep;
    for (const e of [m.episodes[0]?.control, m.episodes[7]?.control, lastL] as Ep[]) {
      expect(Math.abs(e.meanPolicyTorqueNm + e.meanCorrectionNm - holdingTorqueNm(e.meanPhiRad))).toBeLessThan(0.1);
    }
    // After learning, the cerebellum (not the policy) carries most of the payload torque (0.49 N·m).
    expect(lastL.meanCorrectionNm).toBeGreaterThan(0.3);
    expect(Math.abs((m.episodes[7]?.control as Ep).meanCorrectionNm)).toBeLessThan(0.1);
    // Report plots exist for both required views.
    expect(Object.keys(res.plots)).toEqual(expect.arrayContaining(['hybrid-error-per-episode', 'hybrid-angle-early-late', 'hybrid-torque-share']));
  }, 120_000);
});
