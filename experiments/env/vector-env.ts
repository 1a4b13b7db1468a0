/**
 * N copies of an env stepped together (Gymnasium's vector env, synchronous flavour): each copy has
 * its own bus, built from the same spec; `reset({seed})` seeds copy i with seed + i (Gymnasium's
 * convention), so copy i reproduces a single env reset with seed + i.
 *
 * Autoreset is Gymnasium 1.x "next-step": when copy i ends (terminated or truncated) at step k, its
 * next `step` call ignores the action for i, resets it (continuing its random stream, exactly like
 * a single env's `reset()` without a seed) and returns the reset observation with reward 0 and
 * `info.autoreset = true`.
 */
import { ValidationError } from '../../core/errors.js';
import { BusEnv, type EnvSpec, type ResetArgs } from './bus-env.js';
import { type BoxSpace, type Space, spaceSize } from './spaces.js';

/** Batched result of a vector step: observations row-major [N, ...observation shape]. */
export interface VectorStepResult {
  readonly observations: Float64Array;
  readonly rewards: Float64Array;
  readonly terminated: readonly boolean[];
  readonly truncated: readonly boolean[];
  readonly infos: readonly Record<string, unknown>[];
}

/** Batched result of a vector reset. */
export interface VectorResetResult {
  readonly observations: Float64Array;
  readonly infos: readonly Record<string, unknown>[];
}

/** N synchronous copies of one EnvSpec (see file comment). */
export class VectorEnv {
  readonly numEnvs: number;
  readonly envs: readonly BusEnv[];
  readonly singleObservationSpace: BoxSpace;
  readonly singleActionSpace: Space;
  private readonly obsSize: number;
  private readonly actSize: number;
  private readonly needsReset: boolean[];

  constructor(spec: EnvSpec, numEnvs: number) {
    if (!Number.isSafeInteger(numEnvs) || numEnvs <= 0) throw new ValidationError('vectorEnv.numEnvs', numEnvs, 'a positive integer', 'give the number of copies');
    this.numEnvs = numEnvs;
    this.envs = Array.from({ length: numEnvs }, () => new BusEnv(spec));
    this.singleObservationSpace = spec.observationSpace;
    this.singleActionSpace = spec.actionSpace;
    this.obsSize = spaceSize(spec.observationSpace);
    this.actSize = spaceSize(spec.actionSpace);
    this.needsReset = new Array<boolean>(numEnvs).fill(false);
  }

  /** Resets every copy; with a seed, copy i gets seed + i. */
  async reset(args: ResetArgs = {}): Promise<VectorResetResult> {
    const res = await Promise.all(this.envs.map((e, i) => e.reset(args.seed === undefined ? { ...args } : { ...args, seed: args.seed + i })));
    this.needsReset.fill(false);
    const observations = new Float64Array(this.numEnvs * this.obsSize);
    res.forEach((r, i) => observations.set(r.observation, i * this.obsSize));
    return { observations, infos: res.map((r) => r.info) };
  }

  /** Resets copy i with `perEnv[i]` (e.g. the same start for every copy: common random numbers). */
  async resetEach(perEnv: readonly ResetArgs[]): Promise<VectorResetResult> {
    if (perEnv.length !== this.numEnvs) throw new ValidationError('vectorEnv.resetEach', `${perEnv.length} entries`, `${this.numEnvs}`, 'give one reset argument per copy');
    const res = await Promise.all(this.envs.map((e, i) => e.reset(perEnv[i])));
    this.needsReset.fill(false);
    const observations = new Float64Array(this.numEnvs * this.obsSize);
    res.forEach((r, i) => observations.set(r.observation, i * this.obsSize));
    return { observations, infos: res.map((r) => r.info) };
  }

  /**
   * Steps every copy. `actions`: Discrete → N integers; Box → a flat row-major array of N × action
   * size, or one array per copy.
   */
  async step(actions: ArrayLike<number> | readonly (ArrayLike<number>)[]): Promise<VectorStepResult> {
    const per = this.splitActions(actions);
    const results = await Promise.all(
      this.envs.map(async (e, i) => {
        if (this.needsReset[i]) {
          const r = await e.reset();
          return { observation: r.observation, reward: 0, terminated: false, truncated: false, info: { ...r.info, autoreset: true } };
        }
        return e.step(per[i] as number | Float64Array);
      }),
    );
    const observations = new Float64Array(this.numEnvs * this.obsSize);
    const rewards = new Float64Array(this.numEnvs);
    results.forEach((r, i) => {
      observations.set(r.observation, i * this.obsSize);
      rewards[i] = r.reward;
      this.needsReset[i] = r.terminated || r.truncated;
    });
    return { observations, rewards, terminated: results.map((r) => r.terminated), truncated: results.map((r) => r.truncated), infos: results.map((r) => r.info) };
  }

  async close(): Promise<void> {
    await Promise.all(this.envs.map((e) => e.close()));
  }

  private splitActions(actions: ArrayLike<number> | readonly (ArrayLike<number>)[]): (number | Float64Array)[] {
    const n = this.numEnvs;
    const first = (actions as ArrayLike<unknown>)[0];
    if (typeof first === 'object' && first !== null) {
      const rows = actions as readonly ArrayLike<number>[];
      if (rows.length !== n) throw new ValidationError('vectorEnv.step.actions', `${rows.length} rows`, `${n} rows (one per copy)`, 'give one action per copy');
      return rows.map((r) => Float64Array.from(r));
    }
    const flat = actions as ArrayLike<number>;
    if (this.singleActionSpace.type === 'discrete') {
      if (flat.length !== n) throw new ValidationError('vectorEnv.step.actions', `length ${flat.length}`, `length ${n}`, 'give one action per copy');
      return Array.from(flat);
    }
    const a = this.actSize;
    if (flat.length !== n * a) throw new ValidationError('vectorEnv.step.actions', `length ${flat.length}`, `length ${n * a} (${n} copies × ${a})`, 'give N × action size values, row-major');
    return Array.from({ length: n }, (_, i) => Float64Array.from(Array.prototype.slice.call(flat, i * a, (i + 1) * a) as number[]));
  }
}
