/**
 * Scenario test of the `pendulum-onnx` experiment module through the framework runner, at reduced
 * size (3 trials of 8 s on the bodies/ Rapier pendulum): every trial swings up and balances, and the
 * metrics agree with the trial list.
 */
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../../experiments/framework/index.js';
import pendulum from '../../../experiments/pendulum/index.js';

describe('pendulum-onnx experiment (reduced size)', () => {
  it('balances in every trial through the runner', async () => {
    const res = await runExperiment(pendulum, { seed: 5, set: { trials: 3, trialMs: 8000, holdMs: 2000 } });
    expect(res.error).toBeUndefined();
    expect(res.state).toBe('completed');
    const m = res.metrics as { summary: { successes: number; trials: number }; trials: { success: boolean; firstBalancedMs: number | null }[] };
    expect(m.summary.trials).toBe(3);
    expect(m.summary.successes).toBe(m.trials.filter((t) => t.success).length);
    expect(m.summary.successes).toBe(3);
    expect(new Set(m.trials.map((t) => t.firstBalancedMs)).size).toBeGreaterThan(1); // seeded kicks differ per trial
  }, 120_000);
});
