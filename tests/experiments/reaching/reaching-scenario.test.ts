/**
 * Reduced-size `reaching` in closed loop (small cerebellum: 800 GrC, 8 PC and 12 DCN per channel;
 * 5 unloaded then 20 loaded trials of 0.8 s, both conditions on one bus). With PF–PC learning the
 * endpoint error after the load drops by ≥ 50 % from the first 5 to the last 5 loaded trials; with
 * the plasticity ablated it does not (the static network adds only noise). Same seed ⇒ identical
 * metrics.
 */
import { describe, expect, it } from 'vitest';
import type { ConditionSummary, ReachTrialScore } from '../../../experiments/reaching/analysis.js';
import reaching from '../../../experiments/reaching/index.js';
import { runExperiment } from '../../../experiments/framework/runner.js';
import { ValidationError } from '../../../core/errors.js';

const run = async (seed: number, set: Record<string, unknown>) => {
  const res = await runExperiment(reaching, { seed, set: { scale: 'small', ...set } });
  expect(res.state, String(res.error)).toBe('completed');
  return res.metrics as { summary: Record<string, ConditionSummary>; trials: ReachTrialScore[] };
};

describe('reaching: a cerebellar module learns the load (reduced size, Rapier arm)', () => {
  it('error after load drops ≥ 50 % with learning and not without it', async () => {
    const m = await run(7, { trials: 25, loadTrial: 5, conditions: ['learning', 'no-learning'] });
    const on = m.summary['learning'] as ConditionSummary;
    const off = m.summary['no-learning'] as ConditionSummary;
    // The load makes the PD (tuned for the unloaded arm) sag: several cm at the hand, against ≲ 2 cm before.
    for (const s of [on, off]) {
      expect(s.firstLoadedM as number).toBeGreaterThan(0.04);
      expect(s.firstLoadedM as number).toBeGreaterThan(2 * (s.beforeLoadM as number));
    }
    expect(on.reductionPercent as number).toBeGreaterThanOrEqual(50);
    // Without plasticity the error stays (no more than a 20 % drop, which is below the trial-to-trial noise).
    expect(off.reductionPercent as number).toBeLessThan(20);
    expect(off.lastLoadedM as number).toBeGreaterThan(0.04);
    expect(m.trials.filter((t) => t.condition === 'learning')).toHaveLength(25);
  }, 120_000);

  it('same seed ⇒ identical metrics', async () => {
    const a = await run(3, { trials: 3, loadTrial: 1, conditions: ['learning'] });
    const b = await run(3, { trials: 3, loadTrial: 1, conditions: ['learning'] });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await run(4, { trials: 3, loadTrial: 1, conditions: ['learning'] });
    expect(JSON.stringify(c.trials)).not.toBe(JSON.stringify(a.trials));
  }, 60_000);

  it('bad parameters name the field and the fix', async () => {
    await expect(runExperiment(reaching, { set: { loadTrial: 10, trials: 5 } })).rejects.toThrow(/params\.loadTrial.*< trials/);
    await expect(runExperiment(reaching, { set: { conditions: ['learning', 'learning'] } })).rejects.toThrow(ValidationError);
    await expect(runExperiment(reaching, { set: { loadKg: -1 } })).rejects.toThrow(/params\.loadKg/);
    await expect(runExperiment(reaching, { set: { learnin: true } })).rejects.toThrow(/learnin/);
  });
});
