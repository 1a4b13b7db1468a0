/**
 * An Env seen as an Engine, so the remote protocol (remote/: hello, init, advance, reset) carries
 * Gymnasium calls to other processes unchanged — the Python shim remote/python/neuroloop_gym.py
 * drives it:
 *   init{seed} / reset{seed?}   → env.reset({seed})  → outputs at t = 0
 *   advance{to, {action}}       → env.step(action)   → outputs at to (= now + controlDtNs)
 * Outputs: `observation` (observation shape), `reward` [1], `terminated` [1] and `truncated` [1]
 * (0/1), `info` (events: one `{type: 'info', ...}` record). A Discrete action travels as a
 * one-element array holding the integer.
 */
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, ValidationError } from '../../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../../core/ports.js';
import type { TimeNs } from '../../core/time.js';
import type { BusEnv, ResetResult, StepResult } from './bus-env.js';
import { spaceSize, spaceToJSON } from './spaces.js';

/** Wraps a BusEnv as an Engine (see file comment). */
export class EnvEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  private now: TimeNs = 0;
  private readonly actionBuf: Float64Array;

  constructor(readonly env: BusEnv, name = 'env') {
    this.name = name;
    this.dt = env.spec.controlDtNs;
    this.actionBuf = new Float64Array(spaceSize(env.actionSpace));
    this.ports = {
      inputs: { action: { kind: 'analog', shape: [spaceSize(env.actionSpace)], description: JSON.stringify(spaceToJSON(env.actionSpace)) } },
      outputs: {
        observation: { kind: 'analog', shape: [...env.observationSpace.shape], description: JSON.stringify(spaceToJSON(env.observationSpace)) },
        reward: { kind: 'analog', shape: [1] },
        terminated: { kind: 'analog', shape: [1] },
        truncated: { kind: 'analog', shape: [1] },
        info: { kind: 'events' },
      },
    };
  }

  async init(ctx: EngineContext): Promise<Outputs> {
    return this.fromReset(await this.env.reset({ seed: ctx.seed }));
  }

  async advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const a = inputs.action as Float64Array | undefined;
    if (a === undefined) throw new ValidationError(`${this.name}.inputs.action`, undefined, 'an action every step', 'send the action in advance.inputs.action');
    this.actionBuf.set(a);
    let r: StepResult;
    try {
      r = await this.env.step(this.env.actionSpace.type === 'discrete' ? (a[0] as number) : this.actionBuf);
    } catch (err) {
      if (err instanceof ValidationError) throw err;
      throw new EngineError(this.name, this.now, err instanceof Error ? err.message : String(err), { cause: err });
    }
    this.now = to;
    return {
      observation: r.observation,
      reward: Float64Array.of(r.reward),
      terminated: Float64Array.of(r.terminated ? 1 : 0),
      truncated: Float64Array.of(r.truncated ? 1 : 0),
      info: [{ ...r.info, type: 'info' }],
    };
  }

  async reset(opts?: ResetOptions): Promise<Outputs> {
    return this.fromReset(await this.env.reset(opts?.seed === undefined ? {} : { seed: opts.seed }));
  }

  async dispose(): Promise<void> {
    await this.env.close();
  }

  private fromReset(r: ResetResult): Outputs {
    this.now = 0;
    return { observation: r.observation, reward: Float64Array.of(0), terminated: Float64Array.of(0), truncated: Float64Array.of(0), info: [{ ...r.info, type: 'info' }] };
  }
}
