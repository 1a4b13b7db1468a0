/**
 * The Gymnasium-style Env over any experiment's bus.
 *
 * An `EnvSpec` names the world (engines and transceivers, e.g. what an experiment's `build`
 * returns), the control period, how an action becomes port values (a transceiver the env adds),
 * how observations are read from the engines' latest outputs, and the reward/termination rules.
 * `reset({seed})` resets every engine through the bus (reseeded) and returns the observation at
 * t = 0; `step(action)` holds the action for one control period (`runUntil(now + controlDtNs)`) and
 * returns the observation at the end of it.
 *
 * Timing is the bus's: the action given at t is turned into inputs at the sync point t and acts
 * during [t, t + dt_body); so an observation at t + controlDtNs reflects actions applied during
 * the whole period.
 *
 * Seeding follows Gymnasium: `reset({seed})` re-creates the env's random stream; `reset()` without
 * a seed continues it, so a sequence of episodes after one seeded reset is reproducible.
 */
import { Bus } from '../../core/bus.js';
import type { Engine, ResetOptions } from '../../core/engine.js';
import { NeuroloopError, ValidationError } from '../../core/errors.js';
import type { Outputs, PortValue } from '../../core/ports.js';
import { Rng, deriveSeed } from '../../core/random.js';
import { type PortRefs, type Transceiver, defineTransceiver } from '../../core/transceiver.js';
import { type TimeNs, assertPositiveNs } from '../../core/time.js';
import { type BoxSpace, type Space, checkInSpace, spaceSize } from './spaces.js';

/** Engines and transceivers of the simulated world (an ExperimentSetup fits). */
export interface EnvWorld {
  readonly engines: readonly Engine[];
  readonly transceivers?: readonly Transceiver<any>[];
}

/** What reward/termination/observation callbacks see. */
export interface EnvStepContext {
  /** Latest outputs of an engine at the current time. */
  readonly latest: (engine: string) => Outputs;
  /** Observation at the end of the step. */
  readonly observation: Float64Array;
  /** The action of the step (a one-element array for Discrete). */
  readonly action: Float64Array;
  /** Steps taken in this episode, including this one. */
  readonly stepIndex: number;
  readonly tNs: TimeNs;
}

/** Declaration of an environment (see file comment). */
export interface EnvSpec {
  readonly name: string;
  /** Builds a fresh world; called once per Env (each copy of a vector env gets its own). */
  readonly world: () => EnvWorld | Promise<EnvWorld>;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** Simulated time one `step` covers (integer ns; a multiple of the engines' dts is sensible). */
  readonly controlDtNs: TimeNs;
  /** How the held action becomes engine inputs: the ports written and the mapping. */
  readonly action: {
    readonly writes: PortRefs;
    readonly fn: (action: Float64Array) => Readonly<Record<string, PortValue>>;
  };
  /** Reads the observation from the engines' latest outputs (must match observationSpace). */
  readonly observe: (latest: (engine: string) => Outputs) => Float64Array;
  readonly reward: (ctx: EnvStepContext) => number;
  /** Episode ended by the task (success or failure). Default: never. */
  readonly terminated?: (ctx: EnvStepContext) => boolean;
  /** Truncation: episodes end after this many steps (Gymnasium's TimeLimit). */
  readonly maxEpisodeSteps?: number;
  /**
   * Per-engine reset options for a new episode (e.g. a randomised initial state), drawn from the
   * env's random stream; passed verbatim to each engine's `reset`.
   */
  readonly resetOptions?: (rng: Rng, options: Readonly<Record<string, unknown>>) => Readonly<Record<string, ResetOptions & Readonly<Record<string, unknown>>>>;
  /** Extra per-step info (JSON-able). */
  readonly info?: (ctx: EnvStepContext) => Record<string, unknown>;
}

/** Result of reset. */
export interface ResetResult {
  readonly observation: Float64Array;
  readonly info: Record<string, unknown>;
}

/** Result of step. */
export interface StepResult {
  readonly observation: Float64Array;
  readonly reward: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  readonly info: Record<string, unknown>;
}

/** Arguments of reset. */
export interface ResetArgs {
  readonly seed?: number;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** The Env interface (Gymnasium's, with promises because engines may be asynchronous). */
export interface Env {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  reset(args?: ResetArgs): Promise<ResetResult>;
  step(action: number | Float64Array | readonly number[]): Promise<StepResult>;
  close(): Promise<void>;
}

type EnvState = 'created' | 'ready' | 'done' | 'closed';

/** Env over a bus (see file comment). */
export class BusEnv implements Env {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  private bus: Bus | undefined;
  private rng = new Rng(0);
  private readonly action: Float64Array;
  private state: EnvState = 'created';
  private steps = 0;

  constructor(spec: EnvSpec) {
    assertPositiveNs(`env '${spec.name}'.controlDtNs`, spec.controlDtNs);
    if (spec.maxEpisodeSteps !== undefined && !(Number.isSafeInteger(spec.maxEpisodeSteps) && spec.maxEpisodeSteps > 0)) {
      throw new ValidationError(`env '${spec.name}'.maxEpisodeSteps`, spec.maxEpisodeSteps, 'a positive integer', 'give the episode length in steps');
    }
    this.spec = spec;
    this.observationSpace = spec.observationSpace;
    this.actionSpace = spec.actionSpace;
    this.action = new Float64Array(spaceSize(spec.actionSpace));
  }

  /** The bus (after the first reset), for inspection. */
  get currentBus(): Bus | undefined {
    return this.bus;
  }

  async reset(args: ResetArgs = {}): Promise<ResetResult> {
    if (this.state === 'closed') throw new NeuroloopError(`env '${this.spec.name}': reset() after close()`);
    if (args.seed !== undefined) {
      if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new ValidationError('reset.seed', args.seed, 'a non-negative integer', 'pass an integer seed');
      this.rng = new Rng(deriveSeed(args.seed >>> 0, `env:${this.spec.name}`));
    }
    const episodeSeed = this.rng.uint32();
    const perEngine = this.spec.resetOptions?.(this.rng, args.options ?? {}) ?? {};
    if (this.bus === undefined) {
      const world = await this.spec.world();
      const actuate = defineTransceiver({ name: '__env_action__', reads: [], writes: this.spec.action.writes, fn: () => this.spec.action.fn(this.action) });
      this.bus = new Bus({ engines: world.engines, transceivers: [...(world.transceivers ?? []), actuate], seed: episodeSeed });
      await this.bus.init();
    }
    this.action.fill(0);
    await this.bus.reset(perEngine, episodeSeed);
    await this.bus.runUntil(0); // gather the outputs at t = 0
    this.steps = 0;
    this.state = 'ready';
    const observation = this.observe();
    return { observation, info: { episodeSeed } };
  }

  async step(action: number | Float64Array | readonly number[]): Promise<StepResult> {
    const bus = this.bus;
    if (this.state === 'created' || bus === undefined) throw new NeuroloopError(`env '${this.spec.name}': step() before reset()`);
    if (this.state === 'closed') throw new NeuroloopError(`env '${this.spec.name}': step() after close()`);
    if (this.state === 'done') {
      throw new NeuroloopError(`env '${this.spec.name}': step() after the episode ended (terminated or truncated); call reset() first`);
    }
    checkInSpace(`env '${this.spec.name}'.step.action`, this.actionSpace, action);
    if (typeof action === 'number') this.action[0] = action;
    else this.action.set(action);
    await bus.runUntil(bus.now + this.spec.controlDtNs);
    this.steps++;
    const observation = this.observe();
    const latest = (e: string): Outputs => bus.latest(e);
    const ctx: EnvStepContext = { latest, observation, action: Float64Array.from(this.action), stepIndex: this.steps, tNs: bus.now };
    const reward = this.spec.reward(ctx);
    if (!Number.isFinite(reward)) throw new NeuroloopError(`env '${this.spec.name}': reward is ${reward} at step ${this.steps}`);
    const terminated = this.spec.terminated?.(ctx) ?? false;
    const truncated = !terminated && this.spec.maxEpisodeSteps !== undefined && this.steps >= this.spec.maxEpisodeSteps;
    if (terminated || truncated) this.state = 'done';
    return { observation, reward, terminated, truncated, info: this.spec.info?.(ctx) ?? {} };
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.bus?.dispose();
  }

  private observe(): Float64Array {
    const bus = this.bus as Bus;
    const obs = this.spec.observe((e) => bus.latest(e));
    checkInSpace(`env '${this.spec.name}'.observation (from spec.observe)`, this.observationSpace, obs);
    return Float64Array.from(obs);
  }
}
