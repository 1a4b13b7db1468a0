/**
 * Env conformance suite (Gymnasium's `check_env` in spirit): every EnvSpec registers it from a test.
 *  - spaces are JSON-describable and round-trip;
 *  - seeded reset is reproducible, and so is the unseeded episode sequence after it;
 *  - observations have the declared shape and lie in the observation space, rewards are finite;
 *  - the same seed and actions give bit-identical trajectories;
 *  - truncation at maxEpisodeSteps and termination end the episode; stepping on needs reset();
 *  - actions outside the action space are rejected with a ValidationError (nothing is clipped).
 */
import { describe, expect, it } from 'vitest';
import { NeuroloopError, ValidationError } from '../../../core/errors.js';
import { Rng } from '../../../core/random.js';
import { BusEnv, type EnvSpec, type StepResult, inSpace, sampleSpace, spaceFromJSON, spaceSize, spaceToJSON } from '../../../experiments/env/index.js';

/** Options of the suite. */
export interface EnvConformanceOptions {
  readonly spec: () => EnvSpec;
  /** Steps per trajectory check (default 50). */
  readonly steps?: number;
  /** True if different seeds must give different initial observations. */
  readonly stochasticReset?: boolean;
}

async function rollout(env: BusEnv, seed: number, steps: number, actionSeed: number): Promise<{ obs0: number[]; traj: StepResult[] }> {
  const r = await env.reset({ seed });
  const rng = new Rng(actionSeed);
  const traj: StepResult[] = [];
  for (let k = 0; k < steps; k++) {
    const s = await env.step(sampleSpace(env.actionSpace, rng));
    traj.push({ ...s, observation: Float64Array.from(s.observation) });
    if (s.terminated || s.truncated) break;
  }
  return { obs0: Array.from(r.observation), traj };
}

/** Registers the Env conformance tests for one spec. */
export function describeEnvConformance(name: string, opts: EnvConformanceOptions): void {
  const steps = opts.steps ?? 50;
  describe(`env conformance: ${name}`, () => {
    it('spaces are JSON-describable and round-trip', () => {
      const spec = opts.spec();
      for (const s of [spec.observationSpace, spec.actionSpace]) {
        const json = JSON.parse(JSON.stringify(spaceToJSON(s))) as unknown;
        expect(spaceFromJSON(json)).toEqual(s);
      }
    });

    it('seeded reset and trajectories are reproducible; shapes as declared', async () => {
      const env = new BusEnv(opts.spec());
      try {
        const a = await rollout(env, 42, steps, 7);
        const b = await rollout(env, 42, steps, 7);
        expect(b.obs0).toEqual(a.obs0);
        expect(b.traj.length).toBe(a.traj.length);
        b.traj.forEach((s, k) => {
          const t = a.traj[k] as StepResult;
          expect(Array.from(s.observation), `step ${k}`).toEqual(Array.from(t.observation));
          expect(s.reward).toBe(t.reward);
          expect([s.terminated, s.truncated]).toEqual([t.terminated, t.truncated]);
        });
        const n = spaceSize(env.observationSpace);
        for (const s of a.traj) {
          expect(s.observation.length).toBe(n);
          expect(inSpace(env.observationSpace, s.observation)).toBe(true);
          expect(Number.isFinite(s.reward)).toBe(true);
          expect(typeof s.terminated).toBe('boolean');
          expect(typeof s.truncated).toBe('boolean');
        }
        if (opts.stochasticReset) {
          const c = await rollout(env, 43, 1, 7);
          expect(c.obs0).not.toEqual(a.obs0);
        }
        // unseeded resets continue the stream: the same sequence after the same seeded reset
        await env.reset({ seed: 5 });
        const s1 = Array.from((await env.reset()).observation);
        const s2 = Array.from((await env.reset()).observation);
        await env.reset({ seed: 5 });
        expect(Array.from((await env.reset()).observation)).toEqual(s1);
        expect(Array.from((await env.reset()).observation)).toEqual(s2);
      } finally {
        await env.close();
      }
    });

    it('episode end is respected: step after terminated/truncated needs reset()', async () => {
      const spec = opts.spec();
      const env = new BusEnv(spec);
      try {
        await expect(env.step(sampleSpace(env.actionSpace, new Rng(1)))).rejects.toThrow(/before reset/);
        await env.reset({ seed: 1 });
        const rng = new Rng(2);
        let k = 0;
        let last: StepResult | undefined;
        const limit = spec.maxEpisodeSteps ?? 10_000;
        for (; k < limit + 1; k++) {
          last = await env.step(sampleSpace(env.actionSpace, rng));
          if (last.terminated || last.truncated) break;
        }
        expect(last?.terminated || last?.truncated).toBe(true);
        if (last?.truncated) expect(k + 1).toBe(spec.maxEpisodeSteps);
        await expect(env.step(sampleSpace(env.actionSpace, rng))).rejects.toThrow(NeuroloopError);
        await env.reset();
        await env.step(sampleSpace(env.actionSpace, rng));
      } finally {
        await env.close();
      }
    });

    it('actions outside the action space are rejected, not clipped', async () => {
      const env = new BusEnv(opts.spec());
      try {
        await env.reset({ seed: 3 });
        const s = env.actionSpace;
        const bad: unknown[] = s.type === 'discrete'
          ? [-1, s.n, 0.5, Number.NaN]
          : [new Float64Array(spaceSize(s) + 1), Float64Array.from(s.high, (h) => (Number.isFinite(h) ? h + 1 : Number.NaN)), Float64Array.from(s.low, () => Number.NaN)];
        for (const a of bad) await expect(env.step(a as Float64Array)).rejects.toThrow(ValidationError);
      } finally {
        await env.close();
      }
    });
  });
}
