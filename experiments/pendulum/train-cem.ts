/**
 * Cross-entropy method (Rubinstein 1999; as used for policy search by Szita & Lőrincz 2006) training
 * a small tanh MLP policy on the pendulum swing-up through the vectorised Env API — no GPU, no
 * gradients. Each generation samples `population` parameter vectors from a diagonal Gaussian,
 * evaluates every candidate on the same `episodes` starts (common random numbers: one VectorEnv
 * copy per candidate, all reset to the same seed), refits mean and std to the `elites` best, and
 * adds a decaying noise floor (Szita & Lőrincz's fix for premature collapse).
 */
import { Rng } from '../../core/random.js';
import { type MlpDesc, mlpForward, mlpFromParams, mlpParamCount, mlpScratch } from '../../brains/onnx/index.js';
import { BusEnv, VectorEnv } from '../env/index.js';
import { type PendulumBodyBinding, pendulumEnvSpec } from './pendulum-env.js';

/** Options of the CEM run. */
export interface CemOptions {
  readonly seed: number;
  readonly generations: number;
  readonly population: number;
  readonly elites: number;
  /** Evaluation episodes per candidate per generation (half start hanging, half anywhere). */
  readonly episodes: number;
  readonly hidden: number;
  readonly initStd: number;
  /** Extra std added each generation, decaying linearly to 0 at the last generation. */
  readonly noiseFloor: number;
  /** Steps per evaluation episode (default: the task's episode length). */
  readonly episodeSteps?: number;
  readonly body?: PendulumBodyBinding;
  /** Initial mean (warm start from an earlier run's params); default zeros. */
  readonly initMean?: ArrayLike<number>;
  readonly onGeneration?: (g: CemGeneration) => void;
}

/** Progress of one generation. */
export interface CemGeneration {
  readonly generation: number;
  readonly bestReturn: number;
  readonly eliteMeanReturn: number;
  readonly meanReturn: number;
  readonly meanStd: number;
}

/** Result of training. */
export interface CemResult {
  readonly sizes: readonly number[];
  /** Parameters of the final mean (mlpFromParams layout). */
  readonly params: Float64Array;
  readonly history: readonly CemGeneration[];
}

/** Layer sizes of the policy for a hidden width. */
export function policySizes(hidden: number): number[] {
  return [3, hidden, 1];
}

/** The policy MLP (tanh hidden, tanh output in [−1, 1] = the env's action space). */
export function policyFromParams(hidden: number, params: ArrayLike<number>): MlpDesc {
  return mlpFromParams(policySizes(hidden), ['tanh', 'tanh'], params);
}

/** Runs CEM (see file comment). */
export async function trainCem(o: CemOptions): Promise<CemResult> {
  const sizes = policySizes(o.hidden);
  const dim = mlpParamCount(sizes);
  const rng = new Rng(o.seed);
  const mean = new Float64Array(dim);
  if (o.initMean !== undefined) mean.set(Array.from(o.initMean));
  const std = new Float64Array(dim).fill(o.initStd);
  const env = new VectorEnv(pendulumEnvSpec(o.body), o.population);
  const steps = o.episodeSteps ?? 200;
  const history: CemGeneration[] = [];
  const pop = Array.from({ length: o.population }, () => new Float64Array(dim));
  const returns = new Float64Array(o.population);
  try {
    for (let g = 0; g < o.generations; g++) {
      for (const p of pop) for (let k = 0; k < dim; k++) p[k] = (mean[k] as number) + (std[k] as number) * rng.normal();
      const policies = pop.map((p) => policyFromParams(o.hidden, p));
      const scratch = policies.map((p) => mlpScratch(p));
      returns.fill(0);
      for (let e = 0; e < o.episodes; e++) {
        const seed = rng.uint32() >>> 1;
        const start = e % 2 === 0 ? 'hanging' : 'anywhere';
        let obs = (await env.resetEach(pop.map(() => ({ seed, options: { start } })))).observations;
        const actions = new Float64Array(o.population);
        for (let s = 0; s < steps; s++) {
          for (let i = 0; i < o.population; i++) actions[i] = mlpForward(policies[i] as MlpDesc, obs.subarray(3 * i, 3 * i + 3), scratch[i])[0] as number;
          const r = await env.step(actions);
          for (let i = 0; i < o.population; i++) returns[i] = (returns[i] as number) + (r.rewards[i] as number) / o.episodes;
          obs = r.observations;
        }
      }
      const order = Array.from(returns.keys()).sort((a, b) => (returns[b] as number) - (returns[a] as number));
      const elite = order.slice(0, o.elites);
      const extra = o.noiseFloor * (1 - g / Math.max(1, o.generations - 1));
      for (let k = 0; k < dim; k++) {
        let m = 0;
        for (const i of elite) m += (pop[i] as Float64Array)[k] as number;
        m /= elite.length;
        let v = 0;
        for (const i of elite) v += (((pop[i] as Float64Array)[k] as number) - m) ** 2;
        mean[k] = m;
        std[k] = Math.sqrt(v / elite.length + extra * extra);
      }
      let sum = 0;
      for (const r of returns) sum += r;
      let eliteSum = 0;
      for (const i of elite) eliteSum += returns[i] as number;
      let stdSum = 0;
      for (const s of std) stdSum += s;
      const gen: CemGeneration = {
        generation: g,
        bestReturn: returns[order[0] as number] as number,
        eliteMeanReturn: eliteSum / elite.length,
        meanReturn: sum / o.population,
        meanStd: stdSum / dim,
      };
      history.push(gen);
      o.onGeneration?.(gen);
    }
  } finally {
    await env.close();
  }
  return { sizes, params: mean, history };
}


/**
 * Mean return of a policy (TS forward pass) over seeded episodes of the pendulum Env, with starts
 * `start` — the yardstick for comparing parameter vectors on identical episodes.
 */
export async function evaluatePolicyReturn(hidden: number, params: ArrayLike<number>, seeds: readonly number[], start: 'hanging' | 'anywhere', steps = 200, body?: PendulumBodyBinding): Promise<number> {
  const mlp = policyFromParams(hidden, params);
  const scratch = mlpScratch(mlp);
  const env = new BusEnv(pendulumEnvSpec(body));
  let total = 0;
  try {
    for (const seed of seeds) {
      let obs = (await env.reset({ seed, options: { start } })).observation;
      for (let s = 0; s < steps; s++) {
        const r = await env.step([mlpForward(mlp, obs, scratch)[0] as number]);
        total += r.reward;
        obs = r.observation;
        if (r.terminated || r.truncated) break;
      }
    }
  } finally {
    await env.close();
  }
  return total / seeds.length;
}
