/**
 * The final demo: the committed CEM policy (trained on the stand-in body) run as an OnnxEngine
 * brain on the bodies/ Rapier pendulum swings up and balances in ≥ 9 of 10 seeded starts. A Rapier
 * world resets to hanging at rest, so each seed draws a start kick (±[1, 3] N·m for 300 ms); balanced
 * = |φ| < 0.15 rad and |ω| < 1 rad/s at every 50 ms check over the last 3 s of a 10 s trial.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateSwingUp } from '../../../experiments/pendulum/closed-loop.js';
import { rapierPendulum } from '../../../experiments/pendulum/pendulum-env.js';

const trained = join(dirname(fileURLToPath(import.meta.url)), '../../../experiments/pendulum/trained');

describe('pendulum swing-up with the trained ONNX policy on the bodies/ pendulum', () => {
  it('on the bodies/ Rapier pendulum: swings up and balances in ≥ 9 of 10 seeded starts (seeded kicks)', async () => {
    const trials = await evaluateSwingUp({ model: join(trained, 'policy.onnx'), seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], body: rapierPendulum });
    const ok = trials.filter((t) => t.success).length;
    expect(ok, JSON.stringify(trials.map((t) => [t.seed, t.success, t.firstBalancedMs]))).toBeGreaterThanOrEqual(9);
    // the seeds matter: the kicks differ, so the swing-up times differ
    expect(new Set(trials.map((t) => t.firstBalancedMs)).size).toBeGreaterThan(1);
    for (const t of trials.filter((x) => x.success)) expect(t.firstBalancedMs as number).toBeGreaterThan(1000);
  }, 120_000);

});
