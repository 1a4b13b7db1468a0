/**
 * BodyEngine: a robot (RobotDesc) and an optional environment simulated by Rapier as one engine on
 * the bus. Inputs are the actuators' `<name>.command` ports plus the environment's inputs; outputs
 * are all sensor ports plus actuator/environment outputs. dt defaults to 1 ms, with optional
 * physics substeps. Reset and snapshot/restore use Rapier world snapshots, so a reset world is
 * bit-identical to the initial one and reruns with the same inputs are bit-identical.
 */
import type { Engine, EngineContext, ResetOptions } from '../core/engine.js';
import { EngineError, SimulationError, ValidationError } from '../core/errors.js';
import { checkInputs, checkStep } from '../core/check-inputs.js';
import type { AnalogPortDecl, Inputs, Outputs, PortDecl, PortSpec } from '../core/ports.js';
import { assertPositiveNs, type TimeNs } from '../core/time.js';
import type { ActuatorRuntime } from './actuators/actuator-runtime.js';
import { HillMusclePair } from './actuators/hill-muscle.js';
import { JointMotor } from './actuators/joint-motor.js';
import { buildRobot, type RobotLayout } from './build-robot.js';
import type { Vec3 } from './math3d.js';
import { loadRapier, type RapierModule, type RapierWorld } from './rapier.js';
import type { RobotDesc } from './robot-desc.js';
import { RobotRuntime } from './robot-runtime.js';
import type { BodyEnvironment, SceneAccess } from './scene.js';
import { makeSensor } from './sensors/make-sensor.js';
import { PortNoise } from './sensors/noise.js';
import type { SensorContext, SensorRuntime } from './sensors/sensor-runtime.js';
import { validateRobot } from './validate-robot.js';

/** Options of a body engine. */
export interface BodyEngineOptions {
  /** Engine name on the bus (default: the robot's name). */
  readonly name?: string;
  /** Robot descriptor (validated on construction). */
  readonly robot: unknown;
  /** Engine step in ns (default 1 ms). */
  readonly dtNs?: TimeNs;
  /** Physics substeps per engine step (default 1). */
  readonly substeps?: number;
  /** Gravity (m/s², world frame, Z up; default [0, 0, −9.81]). */
  readonly gravity?: Vec3;
  /** Optional world around the robot (environments/). */
  readonly environment?: BodyEnvironment;
  /** Rapier solver iterations (default 4). */
  readonly solverIterations?: number;
}

interface BodySnapshot {
  readonly t: number;
  readonly world: Uint8Array;
  readonly rt: ReturnType<RobotRuntime['getState']>;
  readonly sensors: unknown[];
  readonly actuators: unknown[];
  readonly noise: ReturnType<PortNoise['getState']>[];
  readonly env: unknown;
  readonly outputs: Record<string, Float64Array>;
}

/** A Rapier-simulated robot (and world) behind the Engine contract. */
export class BodyEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs;
  readonly ports: PortSpec;
  readonly coupling = { kind: 'body' as const };
  /** The validated robot descriptor. */
  readonly robot: RobotDesc;
  private readonly substeps: number;
  private readonly gravity: Vec3;
  private readonly env: BodyEnvironment | undefined;
  private readonly iterations: number;
  private R: RapierModule | undefined;
  private world: RapierWorld | undefined;
  private eventQueue: InstanceType<RapierModule['EventQueue']> | undefined;
  private initial: Uint8Array | undefined;
  private layout: RobotLayout | undefined;
  private rt: RobotRuntime | undefined;
  private sensors: SensorRuntime[] = [];
  private actuators: ActuatorRuntime[] = [];
  private noise: { port: string; n: PortNoise }[] = [];
  private buffers: Record<string, Float64Array> = {};
  private envInputNames: string[] = [];
  private scene: SceneAccess | undefined;
  private sctx: SensorContext | undefined;
  private t = 0;
  private startNs = 0;
  private seed = 0;
  private disposed = false;
  private linkOfColliderName = new Map<number, string>();
  private isDynamic: boolean[] = [];
  private readonly dampAxis = [0, 0, 0];

  constructor(opts: BodyEngineOptions) {
    this.robot = validateRobot(opts.robot);
    this.name = opts.name ?? this.robot.name;
    this.dt = opts.dtNs ?? 1_000_000;
    assertPositiveNs('dtNs', this.dt);
    this.substeps = opts.substeps ?? 1;
    if (!Number.isInteger(this.substeps) || this.substeps < 1) throw new ValidationError('substeps', opts.substeps, 'a positive integer', 'use 1 or more substeps per step');
    this.gravity = opts.gravity ?? [0, 0, -9.81];
    this.env = opts.environment;
    this.iterations = opts.solverIterations ?? 4;
    // Ports are known from the descriptors alone (before init), so the bus can wire them early.
    const inputs: Record<string, PortDecl> = {};
    const outputs: Record<string, PortDecl> = {};
    const add = (where: Record<string, PortDecl>, port: string, decl: PortDecl): void => {
      if (port in where) throw new ValidationError(`ports.${port}`, port, 'a port name used once', 'rename the sensor, actuator or environment device');
      where[port] = decl;
    };
    for (const s of this.robot.sensors) for (const [p, d] of Object.entries(sensorPorts(s, this.robot))) add(outputs, p, d);
    for (const a of this.robot.actuators) {
      add(inputs, `${a.name}.command`, { kind: 'analog', shape: [1] });
      if (a.type === 'motor') add(outputs, `${a.name}.effort`, { kind: 'analog', shape: [1], unit: 'N*m' });
      if (a.type === 'muscle') {
        add(outputs, `${a.name}.activation`, { kind: 'analog', shape: [2] });
        add(outputs, `${a.name}.torque`, { kind: 'analog', shape: [1], unit: 'N*m' });
      }
    }
    if (this.env) {
      for (const [p, d] of Object.entries(this.env.ports.inputs)) { add(inputs, p, d); this.envInputNames.push(p); }
      for (const [p, d] of Object.entries(this.env.ports.outputs)) add(outputs, p, d);
    }
    this.ports = { inputs, outputs };
  }

  /** Builds the world; returns the outputs at t = start. */
  async init(ctx: EngineContext): Promise<Outputs> {
    this.disposed = false;
    this.seed = ctx.seed;
    this.startNs = ctx.startNs;
    const R = await loadRapier();
    this.R = R;
    const world = new R.World({ x: this.gravity[0], y: this.gravity[1], z: this.gravity[2] });
    this.world = world;
    const layout = buildRobot(R, world, this.robot);
    this.layout = layout;
    this.rt = new RobotRuntime(layout);
    for (const [h, li] of layout.linkOfCollider) this.linkOfColliderName.set(h, layout.linkNames[li]!);
    this.isDynamic = layout.bodyHandles.map((_, i) => !(this.robot.base.type === 'fixed' && isRoot(this.robot, i)));
    // Contact-force events on links that carry touch/pressure sensors.
    for (const s of this.robot.sensors) {
      if (s.type !== 'contact' && s.type !== 'pressure') continue;
      for (const h of layout.colliderHandles[layout.linkIndex.get(s.link)!]!) {
        const c = world.getCollider(h);
        c.setActiveEvents(R.ActiveEvents.CONTACT_FORCE_EVENTS);
        c.setContactForceEventThreshold(0);
      }
    }
    this.scene = this.makeScene();
    this.rt.attach(world);
    this.env?.build(this.scene);
    this.sensors = this.robot.sensors.map((s) => makeSensor(s, layout, this.gravity));
    this.actuators = this.robot.actuators.map((a) => (a.type === 'motor' ? new JointMotor(a, layout) : new HillMusclePair(a, layout)));
    this.buffers = {};
    for (const [p, d] of Object.entries(this.ports.outputs)) this.buffers[p] = new Float64Array((d as AnalogPortDecl).shape.reduce((x, y) => x * y, 1));
    this.noise = [];
    this.robot.sensors.forEach((s, i) => {
      if (!s.noise) return;
      for (const [p, d] of Object.entries(this.sensors[i]!.ports)) {
        this.noise.push({ port: p, n: new PortNoise(p, s.noise, d.shape.reduce((x, y) => x * y, 1), this.dt, this.seed, `sensors[${i}] (sensor '${s.name}')`) });
      }
    });
    // Scene queries (rays) use the broad phase, which Rapier fills only during a step, and a
    // snapshot taken before any step restores it empty. One 1 ns step (gravity moves bodies by
    // ~1e-17 m) populates it so rays work at t = 0 and after every reset.
    world.timestep = 1e-9;
    world.step();
    this.initial = world.takeSnapshot();
    this.eventQueue ??= new R.EventQueue(true);
    return this.restoreInitial(this.seed);
  }

  private makeScene(): SceneAccess {
    const self = this;
    return {
      get rapier() { return self.R!; },
      get world() { return self.world!; },
      body(link: string) {
        const i = self.layout!.linkIndex.get(link);
        return i === undefined ? undefined : self.rt!.bodies[i];
      },
      linkOfCollider(h: number) { return self.linkOfColliderName.get(h); },
      dtS: this.dt / 1e9,
      substepS: this.dt / 1e9 / this.substeps,
    };
  }

  private swapWorld(bytes: Uint8Array): void {
    const R = this.R!;
    this.world?.free();
    const w = R.World.restoreSnapshot(bytes);
    w.timestep = this.dt / 1e9 / this.substeps;
    w.numSolverIterations = this.iterations;
    this.world = w;
    this.rt!.attach(w);
    this.env?.attach(this.scene!);
    this.sctx = { rt: this.rt!, scene: this.scene!, env: this.env, dtS: this.dt / 1e9 };
  }

  private restoreInitial(seed: number): Outputs {
    this.swapWorld(this.initial!);
    this.t = this.startNs;
    const rt = this.rt!;
    rt.contactForce.fill(0);
    rt.resetUnwrap();
    for (const a of this.actuators) a.reset(rt);
    for (const a of this.actuators) a.setCommand(rt, 0, this.name);
    this.env?.resetState();
    for (const s of this.sensors) s.reset?.(this.sctx!);
    this.sampleTrue();
    for (const { port, n } of this.noise) n.reset(this.buffers[port]!, seed);
    return this.finishOutputs(true);
  }

  /** Steps [now, to) with the inputs held; returns the outputs at `to`. */
  advance(to: TimeNs, inputs: Inputs): Outputs {
    if (this.world === undefined) throw new EngineError(this.name, this.t, 'advance() before init()');
    checkStep(this.name, this.t, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    const rt = this.rt!;
    for (const a of this.actuators) {
      const v = inputs[a.inputPort] as Float64Array | undefined;
      a.setCommand(rt, v === undefined ? undefined : v[0], this.name);
    }
    if (this.env) {
      const envIn: Record<string, Inputs[string]> = {};
      for (const p of this.envInputNames) if (inputs[p] !== undefined) envIn[p] = inputs[p]!;
      this.env.beginStep(this.scene!, envIn, this.t);
    }
    const world = this.world;
    const eq = this.eventQueue!;
    const cf = rt.contactForce;
    cf.fill(0);
    const sub = this.substeps;
    const subS = this.dt / 1e9 / sub;
    for (let s = 0; s < sub; s++) {
      const bodies = rt.bodies;
      for (let i = 0; i < bodies.length; i++) {
        if (!this.isDynamic[i]) continue;
        const b = bodies[i]!;
        b.resetForces(false);
        b.resetTorques(false);
      }
      for (const a of this.actuators) a.applyForces(rt, subS);
      this.applyJointDamping();
      this.env?.applyForces(this.scene!);
      world.step(eq);
      eq.drainContactForceEvents((e) => {
        const f = e.totalForceMagnitude() / sub;
        const l1 = this.layout!.linkOfCollider.get(e.collider1());
        const l2 = this.layout!.linkOfCollider.get(e.collider2());
        if (l1 !== undefined) cf[l1] = cf[l1]! + f;
        if (l2 !== undefined && l2 !== l1) cf[l2] = cf[l2]! + f;
      });
    }
    rt.updateUnwrap();
    this.t = to;
    this.checkFinite();
    this.sampleTrue();
    return this.finishOutputs(true);
  }

  /** Viscous joint damping −b·q̇ as equal and opposite torques (forces for prismatic joints). */
  private applyJointDamping(): void {
    const rt = this.rt!;
    const js = this.layout!.joints;
    const ax = this.dampAxis;
    for (let i = 0; i < js.length; i++) {
      const j = js[i]!;
      if (j.damping === 0 || rt.unitJoints[i] === undefined) continue;
      const e = -j.damping * rt.velocity(i);
      rt.axisWorld(j, ax);
      const c = rt.bodies[j.child]!;
      const p = rt.bodies[j.parent]!;
      if (j.type === 'prismatic') {
        c.addForce({ x: e * ax[0]!, y: e * ax[1]!, z: e * ax[2]! }, true);
        p.addForceAtPoint({ x: -e * ax[0]!, y: -e * ax[1]!, z: -e * ax[2]! }, c.translation(), true);
      } else {
        c.addTorque({ x: e * ax[0]!, y: e * ax[1]!, z: e * ax[2]! }, true);
        p.addTorque({ x: -e * ax[0]!, y: -e * ax[1]!, z: -e * ax[2]! }, true);
      }
    }
  }

  private checkFinite(): void {
    const rt = this.rt!;
    for (let i = 0; i < rt.bodies.length; i++) {
      const p = rt.bodies[i]!.translation();
      if (!Number.isFinite(p.x + p.y + p.z)) {
        throw new SimulationError(this.name, this.t, `links['${this.layout!.linkNames[i]}'].position`, i, `is ${p.x}, ${p.y}, ${p.z}: reduce dt, add substeps or lower gains`);
      }
    }
  }

  private sampleTrue(): Record<string, Float64Array> {
    for (const s of this.sensors) s.sample(this.sctx!, this.buffers);
    for (const a of this.actuators) a.writeOutputs(this.buffers);
    this.env?.writeOutputs(this.scene!, this.buffers);
    for (const s of this.sensors) s.commit?.(this.sctx!);
    return this.buffers;
  }

  private finishOutputs(applyNoise: boolean): Outputs {
    if (applyNoise) for (const { port, n } of this.noise) n.apply(this.buffers[port]!);
    const out: Record<string, Float64Array> = {};
    for (const [p, b] of Object.entries(this.buffers)) {
      for (let i = 0; i < b.length; i++) {
        const x = b[i]!;
        if (x !== x || x === Infinity || x === -Infinity) throw new SimulationError(this.name, this.t, `outputs['${p}']`, i, `is ${x}`);
      }
      out[p] = b.slice();
    }
    return out;
  }

  /** Restores the initial world. A body has no learnt state, so `keep` must be empty. */
  reset(opts?: ResetOptions): Outputs {
    if (this.initial === undefined) throw new EngineError(this.name, this.t, 'reset() before init()');
    if (opts?.keep && opts.keep.length > 0) {
      throw new ValidationError(`${this.name}.reset.keep`, opts.keep, 'an empty list (a body keeps no state across resets)', 'omit keep for body engines');
    }
    if (opts?.seed !== undefined) this.seed = opts.seed;
    return this.restoreInitial(this.seed);
  }

  /** Full state: Rapier world bytes plus sensor, actuator, noise and environment state. */
  snapshot(): BodySnapshot {
    if (this.world === undefined) throw new EngineError(this.name, this.t, 'snapshot() before init()');
    return {
      t: this.t,
      world: this.world.takeSnapshot(),
      rt: this.rt!.getState(),
      sensors: this.sensors.map((s) => s.getState?.()),
      actuators: this.actuators.map((a) => a.getState()),
      noise: this.noise.map(({ n }) => n.getState()),
      env: this.env?.getState(),
      outputs: Object.fromEntries(Object.entries(this.buffers).map(([p, b]) => [p, b.slice()])),
    };
  }

  /** Restores a snapshot() result; returns the outputs at that state (without advancing noise). */
  restore(snapshot: unknown): Outputs {
    if (this.R === undefined) throw new EngineError(this.name, this.t, 'restore() before init()');
    const s = snapshot as BodySnapshot;
    if (typeof s !== 'object' || s === null || !(s.world instanceof Uint8Array)) {
      throw new ValidationError(`${this.name}.restore.snapshot`, typeof s, 'a value returned by snapshot()', 'pass a snapshot of this engine');
    }
    this.swapWorld(s.world);
    this.t = s.t;
    this.rt!.setState(s.rt);
    this.sensors.forEach((x, i) => x.setState?.(s.sensors[i]));
    this.actuators.forEach((a, i) => a.setState(s.actuators[i]));
    this.noise.forEach(({ n }, i) => n.setState(s.noise[i]!));
    this.env?.setState(s.env);
    // The outputs delivered at the snapshot time (finite-difference sensors such as the IMU need
    // the history that produced them, so they are stored rather than re-sampled).
    for (const [p, v] of Object.entries(s.outputs)) this.buffers[p]!.set(v);
    return this.finishOutputs(false);
  }

  /** Frees the Rapier world. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.world?.free();
    this.world = undefined;
    this.eventQueue?.free();
    this.eventQueue = undefined;
  }

  /** Current simulated time (ns). */
  get timeNs(): TimeNs {
    return this.t;
  }
  /** Live world (tests and renderers; do not keep it across restore/reset). */
  get rapierWorld(): RapierWorld | undefined {
    return this.world;
  }
  /** The built layout (handles, joint frames). */
  get robotLayout(): RobotLayout | undefined {
    return this.layout;
  }
}

function isRoot(robot: RobotDesc, i: number): boolean {
  const name = robot.links[i]!.name;
  return !robot.joints.some((j) => j.child === name);
}

/** Output ports of a sensor, computable from the descriptor alone. */
function sensorPorts(s: RobotDesc['sensors'][number], robot: RobotDesc): Record<string, AnalogPortDecl> {
  const n = s.name;
  const lin = 'joint' in s && robot.joints.find((j) => j.name === s.joint)?.type === 'prismatic';
  switch (s.type) {
    case 'encoder': return {
      [`${n}.position`]: { kind: 'analog', shape: [1], unit: lin ? 'm' : 'rad' },
      [`${n}.velocity`]: { kind: 'analog', shape: [1], unit: lin ? 'm/s' : 'rad/s' },
    };
    case 'closure': return { [`${n}.closure`]: { kind: 'analog', shape: [1], unit: '1' } };
    case 'imu': return {
      [`${n}.orientation`]: { kind: 'analog', shape: [4], unit: '1' },
      [`${n}.angularVelocity`]: { kind: 'analog', shape: [3], unit: 'rad/s' },
      [`${n}.linearAcceleration`]: { kind: 'analog', shape: [3], unit: 'm/s^2' },
    };
    case 'contact': return { [`${n}.force`]: { kind: 'analog', shape: [1], unit: 'N' } };
    case 'pressure': return { [`${n}.pressure`]: { kind: 'analog', shape: [1], unit: 'Pa' } };
    case 'ray': return { [`${n}.distance`]: { kind: 'analog', shape: [1], unit: 'm' } };
    case 'depth': return { [`${n}.depth`]: { kind: 'analog', shape: [s.height, s.width], unit: 'm' } };
    case 'light': return { [`${n}.irradiance`]: { kind: 'analog', shape: [1], unit: 'W/m^2' } };
    case 'sound': return { [`${n}.level`]: { kind: 'analog', shape: [1], unit: 'Pa' } };
    case 'pose': return { [`${n}.pose`]: { kind: 'analog', shape: [7], unit: 'm, 1' } };
  }
}
