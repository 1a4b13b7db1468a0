/**
 * rosbridge v2 server tested with the real roslib client (roslib 2.x in Node): subscribe to joint
 * states and spikes published from a running bus, publish motor commands that reach the loop, call
 * a reset service; plus malformed input and token checks.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../core/bus.js';
import { MockEngine } from '../../core/testing/mock-engine.js';
import { msToNs } from '../../core/time.js';
import { defineTransceiver } from '../../core/transceiver.js';
import { RosTopicEngine, bridgeBusToRos } from '../../remote/ros-bus-bridge.js';
import { jointStateMsg } from '../../remote/ros-messages.js';
import { RobotAgentEngine } from '../../remote/robot-agent.js';
import { RoslibRobotIo } from '../../remote/roslib-robot-io.js';
import { RosbridgeServer } from '../../remote/rosbridge-server.js';
import { type RoslibRos, roslib } from '../../remote/roslib-module.js';

const { Ros, Service, Topic } = roslib;

let server: RosbridgeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function connect(url: string): Promise<RoslibRos> {
  const ros = new Ros({ url });
  return new Promise((resolve, reject) => {
    ros.on('connection', () => resolve(ros));
    ros.on('error', (e) => reject(new Error(String(e))));
  });
}
const until = async (cond: () => boolean, ms = 5000): Promise<void> => {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('rosbridge v2 server with the roslib client', () => {
  it('streams joint states and spikes, takes motor commands into the loop, serves a reset service', async () => {
    server = await RosbridgeServer.start();
    const robot = new MockEngine({ name: 'robot', dtNs: msToNs(1), channels: 2, tauMs: 5 });
    const cmd = new RosTopicEngine({ name: 'ros', dtNs: msToNs(1), server, topic: '/motor_commands', size: 2 });
    const bus = new Bus({
      engines: [robot, cmd],
      transceivers: [defineTransceiver({ name: 'motor', reads: ['ros.command'], writes: ['robot.drive'], fn: (i) => ({ 'robot.drive': i['ros.command'] as Float64Array }) })],
      seed: 1,
    });
    let resets = 0;
    server.advertiseService('/neuroloop/reset', 'std_srvs/srv/Trigger', () => {
      resets++;
      return { success: true, message: 'reset requested' };
    });
    const stop = bridgeBusToRos(bus, server, { everyNs: msToNs(5), jointStates: [{ topic: '/joint_states', port: 'robot.x', names: ['j0', 'j1'] }], spikes: [{ topic: '/spikes', port: 'robot.spikes' }] });
    await bus.init();

    const ros = await connect(server.url);
    const joints: { name: string[]; position: number[]; header: { stamp: { sec: number; nanosec: number } } }[] = [];
    const spikes: { ids: number[]; times_ns: number[] }[] = [];
    new Topic<(typeof joints)[number]>({ ros, name: '/joint_states', messageType: 'sensor_msgs/msg/JointState' }).subscribe((m) => joints.push(m));
    new Topic<(typeof spikes)[number]>({ ros, name: '/spikes', messageType: 'neuroloop_msgs/msg/SpikeBatch' }).subscribe((m) => spikes.push(m));
    await until(() => server!.subscribers('/joint_states') === 1 && server!.subscribers('/spikes') === 1);

    // before any command the robot rests at 0
    await bus.runUntil(msToNs(50));
    await until(() => joints.length >= 5);
    expect(joints.every((j) => j.position.every((x) => x === 0))).toBe(true);
    expect(joints[0]?.name).toEqual(['j0', 'j1']);

    const motors = new Topic({ ros, name: '/motor_commands', messageType: 'std_msgs/msg/Float64MultiArray' });
    motors.publish({ layout: { dim: [], data_offset: 0 }, data: [1, 0.8] });
    await until(() => cmd.received === 1);
    await bus.runUntil(msToNs(200));
    await until(() => spikes.some((s) => s.ids.length > 0));
    // wait for the last published state (stamped 200 ms) to arrive: delivery is asynchronous
    await until(() => { const j = joints[joints.length - 1]!; return j.header.stamp.sec * 1e9 + j.header.stamp.nanosec >= msToNs(200); });
    const last = joints[joints.length - 1]!;
    // x follows dx/dt = (drive − x)/τ: after 150 ms at τ = 5 ms both joints sit at their commands
    expect(last.position[0]).toBeCloseTo(1, 6);
    expect(last.position[1]).toBeCloseTo(0.8, 6);
    expect(last.header.stamp.sec * 1e9 + last.header.stamp.nanosec).toBeGreaterThan(msToNs(150));
    // both channels crossed 0.5 once: one spike each
    expect(spikes.flatMap((s) => s.ids).sort()).toEqual([0, 1]);

    const reply = await new Promise<{ success: boolean; message: string }>((resolve, reject) =>
      new Service<Record<string, never>, { success: boolean; message: string }>({ ros, name: '/neuroloop/reset', serviceType: 'std_srvs/srv/Trigger' }).callService({}, resolve, reject),
    );
    expect(reply).toEqual({ success: true, message: 'reset requested' });
    expect(resets).toBe(1);
    const missing = await new Promise<string>((resolve) =>
      new Service({ ros, name: '/nope', serviceType: 'std_srvs/srv/Trigger' }).callService({}, () => resolve('called'), (e) => resolve(String(e))),
    );
    expect(missing).toMatch(/does not exist/);

    // a malformed command is rejected and never reaches the loop
    motors.publish({ data: [Number.NaN, 1] } as never);
    motors.publish({ data: [1] } as never);
    await until(() => cmd.rejected === 2);
    ros.close();
    stop();
    await bus.dispose();
  }, 30_000);

  it('answers malformed frames and unknown ops with a status error, and refuses a wrong token', async () => {
    server = await RosbridgeServer.start();
    const ws = new WebSocket(server.url);
    const got: { op: string; level: string; msg: string }[] = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as (typeof got)[number]));
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    ws.send(JSON.stringify({ op: 'launch' }));
    ws.send(JSON.stringify({ op: 'publish', topic: '/x', msg: 3 }));
    ws.send(JSON.stringify({ op: 'subscribe' }));
    await until(() => got.length === 4);
    expect(got.every((g) => g.op === 'status' && g.level === 'error')).toBe(true);
    expect(got[1]?.msg).toMatch(/'launch' is not supported/);
    ws.close();
    await server.close();
    await expect(RosbridgeServer.start({ host: '0.0.0.0' })).rejects.toThrow(/rosbridge\.token/);
    server = await RosbridgeServer.start({ token: '0123456789abcdef0123' });
    const bad = new WebSocket(`${server.url}/?token=wrong`);
    const code = await new Promise<number>((r) => bad.once('close', (c) => r(c)));
    expect(code).toBe(1008);
    const ok = await connect(`${server.url}/?token=0123456789abcdef0123`);
    ok.close();
  }, 30_000);

  it('roslib-client mode: a ROS robot behind its own rosbridge server joins as a wall-clock engine', async () => {
    // The "ROS robot": a body stepped at 200 Hz on the wall clock, publishing /joint_states and
    // taking /joint_commands, served by a rosbridge server (ours, standing in for rosbridge_suite).
    server = await RosbridgeServer.start();
    const body = new MockEngine({ name: 'arm-body', dtNs: msToNs(5), channels: 2, tauMs: 20 });
    body.init({ seed: 1, startNs: 0, log: () => undefined });
    let drive = new Float64Array(2);
    let commands = 0;
    server.onPublish('/joint_commands', (m) => {
      drive = Float64Array.from(m.data as number[]);
      commands++;
    });
    let t = 0;
    const rosRobot = setInterval(() => {
      t += msToNs(5);
      const out = body.advance(t, { drive });
      server!.publish('/joint_states', jointStateMsg(t, ['shoulder', 'elbow'], out.x as Float64Array, Float64Array.of(0, 0)));
    }, 5);
    try {
      const io = await RoslibRobotIo.connect({ url: server.url, joints: ['elbow', 'shoulder'] });
      const arm = new RobotAgentEngine(io, { name: 'arm', dtNs: msToNs(10) });
      await until(() => server!.subscribers('/joint_states') === 1);
      await arm.init({ seed: 1, startNs: 0, log: () => undefined });
      let out = await arm.advance(msToNs(10), { command: Float64Array.of(1, 0.5) });
      for (let k = 2; k <= 40; k++) out = await arm.advance(msToNs(10 * k), { command: Float64Array.of(1, 0.5) });
      // command [1, 0.5] went out and the robot's state came back in declared joint order (elbow, shoulder)
      await until(() => commands === 40); // every command reached the robot (delivery is asynchronous)
      expect(io.stats.received).toBeGreaterThan(20);
      const pos = out.position as Float64Array;
      expect(pos[1]).toBeGreaterThan(0.9); // shoulder driven to 1 (τ = 20 ms, ~400 ms elapsed)
      expect(pos[0]).toBeGreaterThan(0.45);
      expect(pos[0]).toBeLessThan(0.51); // elbow driven to 0.5
      expect(arm.lastLateUs).toBeLessThan(50_000);
      await arm.dispose();
    } finally {
      clearInterval(rosRobot);
    }
  }, 30_000);
});
