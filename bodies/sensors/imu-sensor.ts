/**
 * IMU on a link: orientation (w,x,y,z, world→sensor), angular velocity and specific force in the
 * sensor frame. Specific force = R⁻¹(a − g) with a the finite-difference acceleration of the sensor
 * point over the last engine step, so an IMU at rest reads +9.81 m/s² along "up" and a free-falling
 * one reads 0 (Einstein's elevator), like a real accelerometer.
 */
import type { AnalogPortDecl } from '../../core/ports.js';
import type { RobotLayout } from '../build-robot.js';
import { type Quat, QUAT_IDENTITY, quatFromRpy, quatMul, rotateInto, type Vec3 } from '../math3d.js';
import type { SensorDesc } from '../robot-desc.js';
import type { SensorContext, SensorRuntime } from './sensor-runtime.js';

/** An inertial measurement unit. */
export class ImuSensor implements SensorRuntime {
  readonly ports: Record<string, AnalogPortDecl>;
  private readonly li: number;
  private readonly offset: Vec3;
  private readonly mount: Quat;
  private readonly prevVel = new Float64Array(3);
  private readonly p = [0, 0, 0];
  private readonly v = [0, 0, 0];
  private readonly r = [0, 0, 0];
  constructor(private readonly desc: Extract<SensorDesc, { type: 'imu' }>, layout: RobotLayout, private readonly gravity: Vec3) {
    this.li = layout.linkIndex.get(desc.link)!;
    this.offset = desc.xyz ?? [0, 0, 0];
    this.mount = desc.rpy ? quatFromRpy(desc.rpy) : { ...QUAT_IDENTITY };
    const n = desc.name;
    this.ports = {
      [`${n}.orientation`]: { kind: 'analog', shape: [4], unit: '1', description: 'sensor orientation quaternion (w, x, y, z) in the world frame' },
      [`${n}.angularVelocity`]: { kind: 'analog', shape: [3], unit: 'rad/s', description: 'angular velocity in the sensor frame' },
      [`${n}.linearAcceleration`]: { kind: 'analog', shape: [3], unit: 'm/s^2', description: 'specific force in the sensor frame (includes gravity: +g up at rest)' },
    };
  }
  private pointVelocity(ctx: SensorContext, out: number[]): void {
    const b = ctx.rt.bodies[this.li]!;
    const t = b.translation();
    rotateInto(b.rotation(), this.offset[0], this.offset[1], this.offset[2], this.p);
    const v = b.velocityAtPoint({ x: t.x + this.p[0]!, y: t.y + this.p[1]!, z: t.z + this.p[2]! });
    out[0] = v.x;
    out[1] = v.y;
    out[2] = v.z;
  }
  sample(ctx: SensorContext, out: Record<string, Float64Array>): void {
    const b = ctx.rt.bodies[this.li]!;
    const q = quatMul(b.rotation(), this.mount);
    const o = out[`${this.desc.name}.orientation`]!;
    o[0] = q.w; o[1] = q.x; o[2] = q.y; o[3] = q.z;
    const qi = { w: q.w, x: -q.x, y: -q.y, z: -q.z };
    const w = b.angvel();
    rotateInto(qi, w.x, w.y, w.z, out[`${this.desc.name}.angularVelocity`]!);
    this.pointVelocity(ctx, this.v);
    const g = this.gravity;
    const ax = (this.v[0]! - this.prevVel[0]!) / ctx.dtS - g[0];
    const ay = (this.v[1]! - this.prevVel[1]!) / ctx.dtS - g[1];
    const az = (this.v[2]! - this.prevVel[2]!) / ctx.dtS - g[2];
    rotateInto(qi, ax, ay, az, this.r);
    const a = out[`${this.desc.name}.linearAcceleration`]!;
    a[0] = this.r[0]!; a[1] = this.r[1]!; a[2] = this.r[2]!;
  }
  commit(ctx: SensorContext): void {
    this.pointVelocity(ctx, this.v);
    this.prevVel[0] = this.v[0]!; this.prevVel[1] = this.v[1]!; this.prevVel[2] = this.v[2]!;
  }
  reset(ctx: SensorContext): void {
    this.commit(ctx);
  }
  getState(): number[] {
    return Array.from(this.prevVel);
  }
  setState(s: unknown): void {
    this.prevVel.set(s as number[]);
  }
}
