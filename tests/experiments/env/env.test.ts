/**
 * The Env API over a bus: conformance for two envs (the pendulum swing-up on its body, and a
 * discrete-action integrator task that terminates), the vector env equals N single envs step for
 * step (including autoreset), and the env's transitions match the body driven directly.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../core/errors.js';
import { MockEngine } from '../../../core/testing/mock-engine.js';
import { Rng } from '../../../core/random.js';
import { msToNs } from '../../../core/time.js';
import { BusEnv, VectorEnv, box, discrete, sampleSpace, spaceFromJSON, spaceToJSON, type EnvSpec, type StepResult } from '../../../experiments/env/index.js';
import { PENDULUM_TASK, pendulumEnvSpec, rapierPendulum } from '../../../experiments/pendulum/pendulum-env.js';
import { StandInPendulumEngine } from '../../../experiments/pendulum/stand-in-pendulum.js';
import { describeEnvConformance } from './env-conformance.js';

/** Discrete task: push a leaky integrator (tau 20 ms) with drive −1/0/+1; terminates when |x| > 0.6. */
function integratorSpec(): EnvSpec {
  return {
    name: 'integrator',
    world: () => ({ engines: [new MockEngine({ name: 'plant', dtNs: msToNs(1), tauMs: 20 })] }),
    observationSpace: box([1], -1, 1),
    actionSpace: discrete(3),
    controlDtNs: msToNs(10),
    action: { writes: ['plant.drive'], fn: (a) => ({ 'plant.drive': Float64Array.of((a[0] as number) - 1) }) },
    observe: (latest) => Float64Array.from(latest('plant').x as Float64Array),
    reward: ({ observation }) => Math.abs(observation[0] as number),
    terminated: ({ observation }) => Math.abs(observation[0] as number) > 0.6,
    maxEpisodeSteps: 40,
  };
}

describeEnvConformance('pendulum swing-up', { spec: () => pendulumEnvSpec(), stochasticReset: true });
describeEnvConformance('integrator (discrete, terminating)', { spec: integratorSpec });
describeEnvConformance('pendulum swing-up on the bodies/ Rapier pendulum', { spec: () => pendulumEnvSpec(rapierPendulum), steps: 30 });

describe('Env API', () => {
  it('the discrete task terminates when the integrator passes 0.6 (closed form: x = 1 − e^{−t/20ms})', async () => {
    const env = new BusEnv(integratorSpec());
    await env.reset({ seed: 1 });
    let k = 0;
    let r: StepResult;
    do {
      r = await env.step(2);
      k++;
    } while (!r.terminated && !r.truncated);
    // x(t) = 1 − exp(−t/20 ms) on the 1 ms grid passes 0.6 at t = 20 ln 2.5 = 18.3 ms → the 2nd 10 ms step
    expect(r.terminated).toBe(true);
    expect(k).toBe(2);
    expect(r.observation[0]).toBeCloseTo(1 - Math.exp(-20 / 20), 12);
    await env.close();
  });

  it('one env step equals the body advanced directly with the held torque', async () => {
    const env = new BusEnv(pendulumEnvSpec());
    const { observation } = await env.reset({ seed: 9 });
    const theta0 = Math.atan2(observation[1] as number, observation[0] as number) + Math.PI;
    const omega0 = observation[2] as number;
    const a = 0.7;
    const s = await env.step([a]);
    const t = PENDULUM_TASK;
    const body = new StandInPendulumEngine({ name: 'b', dtNs: t.bodyDtNs, massKg: t.massKg, lengthM: t.lengthM, gravityMS2: t.gravityMS2, dampingNmsPerRad: t.dampingNmsPerRad });
    body.init({ seed: 0, startNs: 0, log: () => undefined });
    let out = body.reset({ theta0Rad: theta0, omega0RadS: omega0 });
    for (let k = 1; k <= t.controlDtNs / t.bodyDtNs; k++) out = body.advance(k * t.bodyDtNs, { torque: Float64Array.of(a * t.maxTorqueNm) });
    const th = (out.theta as Float64Array)[0] as number;
    expect(s.observation[0]).toBeCloseTo(Math.cos(th - Math.PI), 12);
    expect(s.observation[1]).toBeCloseTo(Math.sin(th - Math.PI), 12);
    expect(s.observation[2]).toBeCloseTo((out.omega as Float64Array)[0] as number, 12);
    await env.close();
  });

  it('spaces: JSON with infinite bounds, bad space JSON named', () => {
    const s = box([3], [-1, -1, -Infinity], [1, 1, Infinity]);
    const j = JSON.stringify(spaceToJSON(s));
    expect(j).toContain('"inf"');
    expect(spaceFromJSON(JSON.parse(j))).toEqual(s);
    expect(() => spaceFromJSON({ type: 'multi' })).toThrow(ValidationError);
    expect(() => box([2], [1, 0], [0, 1])).toThrow(/box\.low\[0\]/);
  });
});

describe('VectorEnv equals N single envs', () => {
  for (const [label, specFn, steps] of [['pendulum', () => pendulumEnvSpec(), 230], ['integrator', integratorSpec, 120]] as const) {
    it(`${label}: same trajectories step for step, through autoreset`, async () => {
      const N = 3;
      const vec = new VectorEnv(specFn(), N);
      const singles = Array.from({ length: N }, () => new BusEnv(specFn()));
      const rng = new Rng(11);
      const v0 = await vec.reset({ seed: 100 });
      const s0 = await Promise.all(singles.map((e, i) => e.reset({ seed: 100 + i })));
      expect(Array.from(v0.observations)).toEqual(s0.flatMap((r) => Array.from(r.observation)));
      const done = new Array<boolean>(N).fill(false);
      let ends = 0;
      const dim = vec.singleObservationSpace.shape[0] as number;
      for (let k = 0; k < steps; k++) {
        const acts = Array.from({ length: N }, () => sampleSpace(vec.singleActionSpace, rng));
        const flat = acts.flatMap((a) => (typeof a === 'number' ? [a] : Array.from(a)));
        const v = await vec.step(flat);
        for (let i = 0; i < N; i++) {
          const e = singles[i] as BusEnv;
          let r: StepResult;
          if (done[i]) {
            const rr = await e.reset();
            r = { observation: rr.observation, reward: 0, terminated: false, truncated: false, info: {} };
          } else r = await e.step(acts[i] as number | Float64Array);
          done[i] = r.terminated || r.truncated;
          if (done[i]) ends++;
          expect(Array.from(v.observations.subarray(i * dim, (i + 1) * dim)), `env ${i} step ${k}`).toEqual(Array.from(r.observation));
          expect(v.rewards[i]).toBe(r.reward);
          expect(v.terminated[i]).toBe(r.terminated);
          expect(v.truncated[i]).toBe(r.truncated);
        }
      }
      expect(ends).toBeGreaterThanOrEqual(N); // every copy went through at least one autoreset
      await vec.close();
      await Promise.all(singles.map((e) => e.close()));
    }, 60_000);
  }

  it('rejects action arrays of the wrong size', async () => {
    const vec = new VectorEnv(pendulumEnvSpec(), 2);
    await vec.reset({ seed: 1 });
    await expect(vec.step([0.1])).rejects.toThrow(/2 copies/);
    await vec.close();
  });
});
