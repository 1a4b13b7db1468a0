/**
 * A RobotIo backed by a simulated body stepped on its own wall clock: the stand-in for a physical
 * robot in HIL tests. A timer loop advances the body by whole steps to keep up with the wall clock
 * (catching up after scheduling delays, up to `maxCatchUpSteps` per tick), with the latest actuator
 * commands held between writes; sensors are the body's latest outputs. The body knows nothing of
 * the network; latency, jitter, loss and disconnects are injected by the host (serveEngine.inject).
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '../core/engine.js';
import { EngineError } from '../core/errors.js';
import { type Inputs, type Outputs, type PortValue, emptyValue } from '../core/ports.js';
import type { RobotIo } from './robot-agent.js';

/** Options of BodyStandIn. */
export interface BodyStandInOptions {
  readonly seed?: number;
  /** Most body steps run per timer tick when the loop fell behind (default 50). */
  readonly maxCatchUpSteps?: number;
}

/** A simulated robot on its own wall clock (see file comment). */
export class BodyStandIn implements RobotIo {
  readonly ports;
  /** Body steps run and steps skipped because the loop could not catch up. */
  readonly stats = { steps: 0, skipped: 0 };
  private readonly body: Engine;
  private readonly opts: BodyStandInOptions;
  private latest: Outputs = {};
  private readonly command: Record<string, PortValue> = {};
  private timer: NodeJS.Timeout | undefined;
  private wall0 = 0;
  private t = 0;
  private stepping = false;
  private failure: Error | undefined;

  constructor(body: Engine, opts: BodyStandInOptions = {}) {
    this.body = body;
    this.ports = body.ports;
    this.opts = opts;
    for (const [k, d] of Object.entries(body.ports.inputs)) this.command[k] = emptyValue(d);
  }

  async start(): Promise<void> {
    this.latest = await this.body.init({ seed: this.opts.seed ?? 1, startNs: 0, log: () => undefined });
    this.wall0 = performance.now();
    this.t = 0;
    this.timer = setInterval(() => void this.tick(), Math.max(1, this.body.dt / 1e6));
  }

  readSensors(): Outputs {
    if (this.failure !== undefined) throw this.failure;
    return this.latest;
  }

  writeActuators(inputs: Inputs): void {
    for (const k of Object.keys(inputs)) this.command[k] = inputs[k] as PortValue;
  }

  halt(): void {
    for (const [k, d] of Object.entries(this.body.ports.inputs)) this.command[k] = emptyValue(d);
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.body.dispose();
  }

  private async tick(): Promise<void> {
    if (this.stepping) return;
    this.stepping = true;
    try {
      const due = Math.floor(((performance.now() - this.wall0) * 1e6) / this.body.dt);
      let n = due - this.t / this.body.dt;
      const max = this.opts.maxCatchUpSteps ?? 50;
      if (n > max) {
        // the body cannot catch up; skip ahead in wall time and say so in the stats
        this.stats.skipped += n - max;
        this.wall0 += ((n - max) * this.body.dt) / 1e6;
        n = max;
      }
      for (let k = 0; k < n; k++) {
        this.t += this.body.dt;
        this.latest = await this.body.advance(this.t, this.command);
        this.stats.steps++;
      }
    } catch (e) {
      this.failure = new EngineError(this.body.name, this.t, `stand-in body failed: ${(e as Error).message}`, { cause: e });
      if (this.timer !== undefined) clearInterval(this.timer);
    } finally {
      this.stepping = false;
    }
  }
}
