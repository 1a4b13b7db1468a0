/**
 * Robot side of hardware-in-the-loop: `RobotAgentEngine` exposes a physical robot's sensors and
 * actuators (a `RobotIo` driver) as an engine on the robot's own wall clock, and `serveRobot` puts
 * it behind the remote protocol. At `advance(to, inputs)` the actuator commands are written at once,
 * the agent waits until the wall-clock deadline of `to` (start + to), samples the sensors and
 * reports how late the sample was (`lastLateUs`). A late request is sampled late rather than
 * refused: a robot cannot be replayed. Requires `realtime` pacing on the bus.
 */
import { performance } from 'node:perf_hooks';
import { checkInputs } from '../core/check-inputs.js';
import type { EngineContext, ResetOptions } from '../core/engine.js';
import { EngineError } from '../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../core/ports.js';
import { waitUntil } from '../core/pacing.js';
import { type TimeNs, assertPositiveNs } from '../core/time.js';
import { type EngineHost, type ServeEngineOptions, serveEngine } from './serve-engine.js';
import type { WallClockEngine } from './wall-clock-engine.js';

/** Driver of a physical robot (or a stand-in): sensors out, actuators in. */
export interface RobotIo {
  readonly ports: PortSpec;
  /** Starts the robot's own loop (motors enabled); called once at init. */
  start?(): void | Promise<void>;
  /** Latest sensor readings for every output port. */
  readSensors(): Outputs;
  /** Latches actuator commands (only the ports given change). */
  writeActuators(inputs: Inputs): void;
  /** Safe state, e.g. zero torques; called at reset and dispose. */
  halt?(): void;
  stop?(): void | Promise<void>;
}

/** Options of RobotAgentEngine. */
export interface RobotAgentOptions {
  readonly name: string;
  /** The sync period the robot is driven at (ns). */
  readonly dtNs: TimeNs;
  /** Simulated seconds per wall second (1 = real time). */
  readonly factor?: number;
  /** Lateness (wall ms) after which the clock re-anchors; default max(1 ms, 2 steps). */
  readonly toleranceMs?: number;
}

/** A robot as a wall-clock engine (see file comment). */
export class RobotAgentEngine implements WallClockEngine {
  readonly realtime = true as const;
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  lastLateUs = 0;
  private readonly io: RobotIo;
  private readonly factor: number;
  private wall0 = 0;
  private sim0 = 0;
  private now: TimeNs = 0;
  private started = false;
  private disposed = false;
  private unanchored = true;
  private readonly toleranceMs: number;

  constructor(io: RobotIo, opts: RobotAgentOptions) {
    assertPositiveNs(`${opts.name}.dtNs`, opts.dtNs);
    this.io = io;
    this.name = opts.name;
    this.dt = opts.dtNs;
    this.ports = io.ports;
    this.factor = opts.factor ?? 1;
    this.toleranceMs = opts.toleranceMs ?? Math.max(1, (2 * opts.dtNs) / 1e6);
  }

  async init(ctx: EngineContext): Promise<Outputs> {
    if (!this.started) {
      await this.io.start?.();
      this.started = true;
    }
    this.anchor(ctx.startNs);
    return this.io.readSensors();
  }

  async advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    if (this.disposed) throw new EngineError(this.name, this.now, 'advance after dispose');
    if (!(to > this.now)) throw new EngineError(this.name, this.now, `advance(to=${to}) must be later than now=${this.now} ns (a robot cannot go back in time)`);
    checkInputs(this.name, this.ports, inputs);
    this.io.writeActuators(inputs);
    // The clock is anchored at the first step after init/reset/resync, not at init: the bus may
    // spend a while between init and its first sync point.
    if (this.unanchored) this.anchorAt(this.now, performance.now());
    const deadline = this.wall0 + (to - this.sim0) / 1e6 / this.factor;
    await waitUntil(deadline);
    const now = performance.now();
    this.lastLateUs = (now - deadline) * 1000;
    // Late beyond tolerance (the bus stalled or re-anchored): re-anchor as the bus does, so one
    // stall is reported once instead of making every later sample late.
    if (now - deadline > this.toleranceMs) this.anchorAt(to, now);
    this.now = to;
    return this.io.readSensors();
  }

  reset(opts?: ResetOptions): Outputs {
    void opts; // a physical robot keeps its state; reset re-anchors the clock and halts the actuators
    this.io.halt?.();
    this.anchor(0);
    return this.io.readSensors();
  }

  resync(): { tNs: TimeNs; outputs: Outputs } {
    const tNs = this.unanchored ? this.now : this.sim0 + Math.floor(((performance.now() - this.wall0) * this.factor * 1e6) / this.dt) * this.dt;
    // `now` stays the last step the client asked for: after a resync the client's clock leads, and
    // the next advance re-anchors the wall clock at that step.
    this.unanchored = true;
    return { tNs, outputs: this.io.readSensors() };
  }

  halt(): void {
    this.io.halt?.();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.io.halt?.();
    await this.io.stop?.();
  }

  private anchor(simNs: TimeNs): void {
    this.now = simNs;
    this.lastLateUs = 0;
    this.unanchored = true;
  }

  private anchorAt(simNs: TimeNs, wallMs: number): void {
    this.wall0 = wallMs;
    this.sim0 = simNs;
    this.unanchored = false;
  }
}

/** The robot agent: serves a robot driver over the remote protocol (see serveEngine for options). */
export function serveRobot(io: RobotIo, agent: RobotAgentOptions, opts: ServeEngineOptions = {}): Promise<EngineHost> {
  return serveEngine(new RobotAgentEngine(io, agent), opts);
}
