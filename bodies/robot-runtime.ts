/**
 * The live side of a built robot: resolves Rapier objects from the layout's handles (again after
 * every restore, because a restored snapshot is a new World) and computes joint coordinates.
 * Rapier exposes no joint angle (specs/ecosystem.md §1), so encoders come from the relative pose:
 * q = 2·atan2(v·axis, w) of conj(origin)·conj(q_parent)·q_child; velocity from angular velocities.
 */
import type { JointLayout, RobotLayout } from './build-robot.js';
import { type Quat, rotateInto } from './math3d.js';
import type { RapierBody, RapierModule, RapierWorld } from './rapier.js';

type UnitJoint = InstanceType<RapierModule['UnitImpulseJoint']>;

/** Live robot in one world. */
export class RobotRuntime {
  bodies: RapierBody[] = [];
  unitJoints: (UnitJoint | undefined)[] = [];
  /** Contact force magnitude (N) per link, averaged over the substeps of the last step. */
  readonly contactForce: Float64Array;
  /** Unwrapped positions of continuous joints (others: unused). */
  readonly unwrapped: Float64Array;
  private readonly rawPrev: Float64Array;
  private readonly tmp = [0, 0, 0];

  constructor(readonly layout: RobotLayout) {
    this.contactForce = new Float64Array(layout.linkNames.length);
    this.unwrapped = new Float64Array(layout.joints.length);
    this.rawPrev = new Float64Array(layout.joints.length);
  }

  /** Resolves bodies and joints in `world` (after build or restore). */
  attach(world: RapierWorld): void {
    this.bodies = this.layout.bodyHandles.map((h) => world.getRigidBody(h));
    this.unitJoints = this.layout.joints.map((j) =>
      j.type === 'revolute' || j.type === 'continuous' || j.type === 'prismatic' ? (world.getImpulseJoint(j.handle) as UnitJoint) : undefined,
    );
  }

  /** Raw joint coordinate: angle in (−π, π] for hinges, displacement (m) for prismatic. */
  rawPosition(ji: number): number {
    const j = this.layout.joints[ji]!;
    const bp = this.bodies[j.parent]!;
    const bc = this.bodies[j.child]!;
    const qp = bp.rotation();
    const qc = bc.rotation();
    if (j.type === 'prismatic') {
      const pp = bp.translation();
      const pc = bc.translation();
      const t = this.tmp;
      // Child origin relative to the joint origin, expressed in the joint frame.
      rotateInto({ w: qp.w, x: -qp.x, y: -qp.y, z: -qp.z }, pc.x - pp.x, pc.y - pp.y, pc.z - pp.z, t);
      const o = j.originQuat;
      rotateInto({ w: o.w, x: -o.x, y: -o.y, z: -o.z }, t[0]! - j.originXyz[0], t[1]! - j.originXyz[1], t[2]! - j.originXyz[2], t);
      return t[0]! * j.axis[0] + t[1]! * j.axis[1] + t[2]! * j.axis[2];
    }
    const rel = relQuat(j.originQuat, qp, qc);
    const s = rel.x * j.axis[0] + rel.y * j.axis[1] + rel.z * j.axis[2];
    let a = 2 * Math.atan2(s, rel.w);
    if (a > Math.PI) a -= 2 * Math.PI;
    else if (a <= -Math.PI) a += 2 * Math.PI;
    return a;
  }

  /** Joint position; continuous joints are unwrapped across turns. */
  position(ji: number): number {
    return this.layout.joints[ji]!.type === 'continuous' ? this.unwrapped[ji]! : this.rawPosition(ji);
  }

  /** Joint velocity (rad/s or m/s) along the axis. */
  velocity(ji: number): number {
    const j = this.layout.joints[ji]!;
    const bp = this.bodies[j.parent]!;
    const bc = this.bodies[j.child]!;
    const t = this.tmp;
    rotateInto(bc.rotation(), j.axis[0], j.axis[1], j.axis[2], t);
    if (j.type === 'prismatic') {
      const pc = bc.translation();
      const vc = bc.velocityAtPoint(pc);
      const vp = bp.velocityAtPoint(pc);
      // Remove the parent's rotation carrying the axis: d/dt of the displacement in the joint frame.
      return (vc.x - vp.x) * t[0]! + (vc.y - vp.y) * t[1]! + (vc.z - vp.z) * t[2]!;
    }
    const wc = bc.angvel();
    const wp = bp.angvel();
    return (wc.x - wp.x) * t[0]! + (wc.y - wp.y) * t[1]! + (wc.z - wp.z) * t[2]!;
  }

  /** Re-reads continuous joints after a step and adds the wrapped difference. */
  updateUnwrap(): void {
    const js = this.layout.joints;
    for (let i = 0; i < js.length; i++) {
      if (js[i]!.type !== 'continuous') continue;
      const raw = this.rawPosition(i);
      let d = raw - this.rawPrev[i]!;
      if (d > Math.PI) d -= 2 * Math.PI;
      else if (d < -Math.PI) d += 2 * Math.PI;
      this.unwrapped[i] = this.unwrapped[i]! + d;
      this.rawPrev[i] = raw;
    }
  }

  /** Clears unwrap state to the current raw angles (after build/reset). */
  resetUnwrap(): void {
    for (let i = 0; i < this.layout.joints.length; i++) {
      if (this.layout.joints[i]!.type !== 'continuous') continue;
      this.rawPrev[i] = this.rawPosition(i);
      this.unwrapped[i] = this.rawPrev[i]!;
    }
  }

  /** Unwrap state for snapshots. */
  getState(): { unwrapped: number[]; rawPrev: number[]; contact: number[] } {
    return { unwrapped: Array.from(this.unwrapped), rawPrev: Array.from(this.rawPrev), contact: Array.from(this.contactForce) };
  }
  setState(s: { unwrapped: number[]; rawPrev: number[]; contact: number[] }): void {
    this.unwrapped.set(s.unwrapped);
    this.rawPrev.set(s.rawPrev);
    this.contactForce.set(s.contact);
  }

  /** World-frame joint axis of joint `j` into `out`. */
  axisWorld(j: JointLayout, out: number[]): void {
    rotateInto(this.bodies[j.child]!.rotation(), j.axis[0], j.axis[1], j.axis[2], out);
  }
}

function relQuat(o: Quat, qp: Quat, qc: Quat): Quat {
  // conj(o) · conj(qp) · qc
  const aw = qp.w, ax = -qp.x, ay = -qp.y, az = -qp.z;
  const mw = aw * qc.w - ax * qc.x - ay * qc.y - az * qc.z;
  const mx = aw * qc.x + ax * qc.w + ay * qc.z - az * qc.y;
  const my = aw * qc.y - ax * qc.z + ay * qc.w + az * qc.x;
  const mz = aw * qc.z + ax * qc.y - ay * qc.x + az * qc.w;
  const bw = o.w, bx = -o.x, by = -o.y, bz = -o.z;
  return {
    w: bw * mw - bx * mx - by * my - bz * mz,
    x: bw * mx + bx * mw + by * mz - bz * my,
    y: bw * my - bx * mz + by * mw + bz * mx,
    z: bw * mz + bx * my - by * mx + bz * mw,
  };
}
