/**
 * Connects a bus to a RosbridgeServer: publishes engine ports as ROS topics at a chosen simulated
 * rate (joint states as sensor_msgs/msg/JointState, spikes as neuroloop_msgs/msg/SpikeBatch
 * accumulated over the publishing period), and brings ROS commands into the loop through
 * `RosTopicEngine`, an engine whose outputs are the latest valid message on a topic.
 */
import type { Subscription } from 'rxjs';
import type { Bus } from '../core/bus.js';
import { checkInputs, checkStep } from '../core/check-inputs.js';
import type { Engine, EngineContext } from '../core/engine.js';
import { ValidationError } from '../core/errors.js';
import { type Inputs, type Outputs, type PortSpec, type SpikeBatch, isSpikeBatch } from '../core/ports.js';
import { type TimeNs, assertPositiveNs } from '../core/time.js';
import { ROS_TYPES, float64ArrayData, jointStateMsg, spikeBatchMsg } from './ros-messages.js';
import type { RosbridgeServer } from './rosbridge-server.js';

/** What to publish. */
export interface RosBridgeOptions {
  /** Publishing period in simulated ns (default 10 ms). */
  readonly everyNs?: TimeNs;
  readonly jointStates?: readonly { readonly topic: string; readonly port: string; readonly names: readonly string[]; readonly velocityPort?: string }[];
  readonly spikes?: readonly { readonly topic: string; readonly port: string }[];
}

/** Subscribes to bus.sync$ and publishes; returns a function that stops the bridge. */
export function bridgeBusToRos(bus: Bus, server: RosbridgeServer, opts: RosBridgeOptions): () => void {
  const every = opts.everyNs ?? 10_000_000;
  assertPositiveNs('rosBridge.everyNs', every);
  for (const j of opts.jointStates ?? []) server.advertise(j.topic, ROS_TYPES.jointState);
  for (const s of opts.spikes ?? []) server.advertise(s.topic, ROS_TYPES.spikes);
  const acc = (opts.spikes ?? []).map(() => ({ ids: [] as number[], times: [] as number[] }));
  let next = 0;
  const split = (key: string): [string, string] => {
    const i = key.indexOf('.');
    if (i <= 0) throw new ValidationError('rosBridge.port', key, "'engine.port'", 'name the engine and the port');
    return [key.slice(0, i), key.slice(i + 1)];
  };
  const sub: Subscription = bus.sync$.subscribe((ev) => {
    (opts.spikes ?? []).forEach((s, k) => {
      const [e, p] = split(s.port);
      if (!ev.due.includes(e)) return;
      const v = ev.outputs.get(e)?.[p];
      if (isSpikeBatch(v)) {
        const a = acc[k] as { ids: number[]; times: number[] };
        for (let i = 0; i < v.count; i++) {
          a.ids.push(v.ids[i] as number);
          a.times.push(v.timesNs[i] as number);
        }
      }
    });
    if (ev.tNs < next) return;
    next = ev.tNs + every;
    for (const j of opts.jointStates ?? []) {
      const [e, p] = split(j.port);
      const pos = ev.outputs.get(e)?.[p];
      if (!(pos instanceof Float64Array)) continue;
      let vel: Float64Array | undefined;
      if (j.velocityPort !== undefined) {
        const [ve, vp] = split(j.velocityPort);
        const v = ev.outputs.get(ve)?.[vp];
        if (v instanceof Float64Array) vel = v;
      }
      server.publish(j.topic, jointStateMsg(ev.tNs, j.names, pos, vel));
    }
    (opts.spikes ?? []).forEach((s, k) => {
      const a = acc[k] as { ids: number[]; times: number[] };
      const batch: SpikeBatch = { ids: Int32Array.from(a.ids), timesNs: Float64Array.from(a.times), count: a.ids.length };
      server.publish(s.topic, spikeBatchMsg(ev.tNs, split(s.port)[0], batch));
      a.ids.length = 0;
      a.times.length = 0;
    });
  });
  return () => sub.unsubscribe();
}

/** Options of RosTopicEngine. */
export interface RosTopicEngineOptions {
  readonly name: string;
  readonly dtNs: TimeNs;
  readonly server: RosbridgeServer;
  /** Topic carrying std_msgs/msg/Float64MultiArray commands. */
  readonly topic: string;
  /** Output port name (default 'command') and its length. */
  readonly port?: string;
  readonly size: number;
}

/**
 * An engine whose output is the latest valid Float64MultiArray published by a ROS client on a topic
 * (zeros until the first). Malformed messages are counted in `rejected` and logged, never used.
 * External input: not reproducible by nature.
 */
export class RosTopicEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  rejected = 0;
  received = 0;
  private readonly port: string;
  private value: Float64Array;
  private now = 0;
  private log: EngineContext['log'] = () => undefined;

  constructor(opts: RosTopicEngineOptions) {
    assertPositiveNs(`${opts.name}.dtNs`, opts.dtNs);
    if (!(Number.isInteger(opts.size) && opts.size > 0)) throw new ValidationError(`${opts.name}.size`, opts.size, 'a positive integer', 'give the command length');
    this.name = opts.name;
    this.dt = opts.dtNs;
    this.port = opts.port ?? 'command';
    this.value = new Float64Array(opts.size);
    this.ports = { inputs: {}, outputs: { [this.port]: { kind: 'analog', shape: [opts.size], description: `latest ${ROS_TYPES.float64Array} on ${opts.topic}` } } };
    opts.server.advertise(opts.topic, ROS_TYPES.float64Array);
    opts.server.onPublish(opts.topic, (msg) => {
      const v = float64ArrayData(msg, opts.size);
      if (v === undefined) {
        this.rejected++;
        this.log('warn', `${opts.topic}: rejected a message that is not a Float64MultiArray with ${opts.size} finite values`);
        return;
      }
      this.received++;
      this.value = v;
    });
  }

  init(ctx: EngineContext): Outputs {
    this.log = ctx.log;
    this.now = ctx.startNs;
    return { [this.port]: Float64Array.from(this.value) };
  }

  advance(to: TimeNs, inputs: Inputs): Outputs {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    this.now = to;
    return { [this.port]: Float64Array.from(this.value) };
  }

  reset(): Outputs {
    this.now = 0;
    return { [this.port]: Float64Array.from(this.value) };
  }

  dispose(): void {}
}
