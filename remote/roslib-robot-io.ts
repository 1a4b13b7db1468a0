/**
 * roslib-client mode for ROS robots: a RobotIo that talks to the robot's own rosbridge server with
 * the real `roslib` client. Sensors come from a sensor_msgs/msg/JointState topic (positions and
 * velocities reordered to the declared joint names), actuator commands go out as
 * std_msgs/msg/Float64MultiArray. Wrap it in RobotAgentEngine to put the robot on the bus:
 *   new RobotAgentEngine(await RoslibRobotIo.connect({...}), { name: 'arm', dtNs: msToNs(10) })
 */
import { ValidationError } from '../core/errors.js';
import type { Inputs, Outputs, PortSpec } from '../core/ports.js';
import { ROS_TYPES } from './ros-messages.js';
import type { RobotIo } from './robot-agent.js';
import { type RoslibRos, type RoslibTopic, roslib } from './roslib-module.js';

/** Options of RoslibRobotIo.connect. */
export interface RoslibRobotOptions {
  /** ws:// URL of the robot's rosbridge server. */
  readonly url: string;
  readonly jointStateTopic?: string;
  readonly commandTopic?: string;
  /** Joint names in the order of the `position`/`velocity` outputs and the `command` input. */
  readonly joints: readonly string[];
  readonly connectTimeoutMs?: number;
}

interface JointStateMsg {
  name?: string[];
  position?: number[];
  velocity?: number[];
}

/** A ROS robot behind rosbridge as a RobotIo (see file comment). */
export class RoslibRobotIo implements RobotIo {
  readonly ports: PortSpec;
  /** Messages received, and messages ignored because they lacked a declared joint or held non-finite values. */
  readonly stats = { received: 0, ignored: 0, sent: 0 };
  private readonly position: Float64Array;
  private readonly velocity: Float64Array;
  private readonly index: Map<string, number>;
  private readonly command: RoslibTopic<{ layout: { dim: never[]; data_offset: number }; data: number[] }>;

  private constructor(private readonly ros: RoslibRos, private readonly opts: RoslibRobotOptions) {
    const n = opts.joints.length;
    this.position = new Float64Array(n);
    this.velocity = new Float64Array(n);
    this.index = new Map(opts.joints.map((j, i) => [j, i]));
    this.ports = {
      inputs: { command: { kind: 'analog', shape: [n], description: `published as ${ROS_TYPES.float64Array}` } },
      outputs: { position: { kind: 'analog', shape: [n], unit: 'rad' }, velocity: { kind: 'analog', shape: [n], unit: 'rad/s' } },
    };
    new roslib.Topic<JointStateMsg>({ ros, name: opts.jointStateTopic ?? '/joint_states', messageType: ROS_TYPES.jointState }).subscribe((m) => this.onJointState(m));
    this.command = new roslib.Topic({ ros, name: opts.commandTopic ?? '/joint_commands', messageType: ROS_TYPES.float64Array });
    this.command.advertise();
  }

  /** Connects to the robot's rosbridge server. */
  static async connect(opts: RoslibRobotOptions): Promise<RoslibRobotIo> {
    if (opts.joints.length === 0) throw new ValidationError('roslibRobot.joints', opts.joints, 'at least one joint name', 'list the joints in port order');
    const ros = new roslib.Ros({ url: opts.url });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new ValidationError('roslibRobot.url', opts.url, 'a reachable rosbridge server', 'start rosbridge_server on the robot (ros2 launch rosbridge_server rosbridge_websocket_launch.xml)')), opts.connectTimeoutMs ?? 10_000);
      ros.on('connection', () => {
        clearTimeout(t);
        resolve();
      });
      ros.on('error', () => undefined);
    });
    return new RoslibRobotIo(ros, opts);
  }

  readSensors(): Outputs {
    return { position: Float64Array.from(this.position), velocity: Float64Array.from(this.velocity) };
  }

  writeActuators(inputs: Inputs): void {
    const c = inputs.command;
    if (!(c instanceof Float64Array)) return;
    this.command.publish({ layout: { dim: [], data_offset: 0 }, data: Array.from(c) });
    this.stats.sent++;
  }

  halt(): void {
    this.command.publish({ layout: { dim: [], data_offset: 0 }, data: new Array<number>(this.opts.joints.length).fill(0) });
  }

  stop(): void {
    this.ros.close();
  }

  private onJointState(m: JointStateMsg): void {
    const names = m.name ?? [];
    const pos = m.position ?? [];
    const vel = m.velocity ?? [];
    let seen = 0;
    const p = new Float64Array(this.position);
    const v = new Float64Array(this.velocity);
    for (let k = 0; k < names.length; k++) {
      const i = this.index.get(names[k] as string);
      if (i === undefined) continue;
      const x = pos[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) continue;
      p[i] = x;
      const y = vel[k];
      if (typeof y === 'number' && Number.isFinite(y)) v[i] = y;
      seen++;
    }
    if (seen < this.position.length) {
      this.stats.ignored++;
      return;
    }
    this.position.set(p);
    this.velocity.set(v);
    this.stats.received++;
  }
}
