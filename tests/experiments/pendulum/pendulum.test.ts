/**
 * The pendulum training example end to end:
 *  - the committed policy (experiments/pendulum/trained/policy.onnx, trained by CEM through the
 *    vector Env on the stand-in body) swings up and balances in ≥ 9 of 10 seeded hanging starts on
 *    the stand-in when run as an OnnxEngine brain on the bus (the bodies/ Rapier run is in
 *    pendulum-rapier.test.ts) (balanced = |φ| < 0.15 rad and |ω| < 1 rad/s at every 50 ms check
 *    over the last 3 s of a 10 s trial);
 *  - the committed ONNX file computes the same policy as the committed parameters (TS forward);
 *  - a reduced CEM run is seeded-deterministic and improves the return.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OnnxEngine, mlpForward } from '../../../brains/onnx/index.js';
import { Rng } from '../../../core/random.js';
import { evaluateSwingUp } from '../../../experiments/pendulum/closed-loop.js';
import { evaluatePolicyReturn, policyFromParams, trainCem } from '../../../experiments/pendulum/train-cem.js';

const trained = join(dirname(fileURLToPath(import.meta.url)), '../../../experiments/pendulum/trained');

describe('pendulum swing-up with the trained ONNX policy', () => {
  it('on the stand-in body: swings up and balances in ≥ 9 of 10 seeded hanging starts', async () => {
    const trials = await evaluateSwingUp({ model: join(trained, 'policy.onnx'), seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    const ok = trials.filter((t) => t.success).length;
    expect(ok, JSON.stringify(trials.map((t) => [t.seed, t.success, t.firstBalancedMs]))).toBeGreaterThanOrEqual(9);
    // it really had to swing up: every start hangs within 0.3 rad of down, torque limit < m g l
    for (const t of trials) expect(Math.abs(t.theta0Rad)).toBeLessThanOrEqual(0.3);
    for (const t of trials.filter((x) => x.success)) expect(t.firstBalancedMs as number).toBeGreaterThan(1000);
  }, 60_000);

  it('the ONNX file and the saved parameters are the same policy', async () => {
    const j = JSON.parse(readFileSync(join(trained, 'policy.json'), 'utf8')) as { params: number[]; options: { hidden: number } };
    const mlp = policyFromParams(j.options.hidden, j.params);
    const e = new OnnxEngine({ name: 'p', dtNs: 1_000_000, model: join(trained, 'policy.onnx'), inputs: { obs: { tensor: 'obs', size: 3 } }, outputs: { action: { tensor: 'action', size: 1 } } });
    await e.init({ seed: 1, startNs: 0, log: () => undefined });
    const rng = new Rng(1);
    for (let k = 1; k <= 50; k++) {
      const phi = rng.uniform(-Math.PI, Math.PI);
      const obs = Float64Array.from(Float32Array.of(Math.cos(phi), Math.sin(phi), rng.uniform(-8, 8)));
      const y = ((await e.advance(k * 1_000_000, { obs })).action as Float64Array)[0] as number;
      expect(Math.abs(y - (mlpForward(mlp, obs)[0] as number))).toBeLessThan(1e-5); // float32 model
    }
    await e.dispose();
  });
});

describe('CEM training through the vector Env (reduced size)', () => {
  it('is deterministic for a seed and improves the return', async () => {
    const opts = { seed: 3, generations: 6, population: 12, elites: 3, episodes: 2, hidden: 4, initStd: 1, noiseFloor: 0.05, episodeSteps: 60 };
    const a = await trainCem(opts);
    const b = await trainCem(opts);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    // same 4 held-out hanging starts for the untrained (zero torque) policy and the trained mean
    const seeds = [101, 102, 103, 104];
    const before = await evaluatePolicyReturn(opts.hidden, new Float64Array(a.params.length), seeds, 'hanging', 60);
    const after = await evaluatePolicyReturn(opts.hidden, a.params, seeds, 'hanging', 60);
    expect(after).toBeGreaterThan(before);
    expect(a.history[a.history.length - 1]!.meanStd).toBeLessThan(a.history[0]!.meanStd);
  }, 60_000);
});
