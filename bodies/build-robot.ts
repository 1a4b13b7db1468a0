/**
 * Builds a validated RobotDesc into a Rapier world (specs/ecosystem.md §1 build recipe):
 * one rigid body per link with its diagonalised inertia, colliders with zero density (mass comes
 * only from the link inertial), one ImpulseJoint per joint (G5: multibody joints cannot be
 * actuated from JS), limits set after creation (G4), contacts disabled between jointed links.
 * Drives and joint damping are applied as explicit torques by the engine, not by Rapier's joint motors:
 * we measured Rapier 0.21's ForceBased position motor giving about half the nominal stiffness at
 * dt = 1 ms and a dt-dependent value with substeps, which would make gains non-portable.
 * Returns a `RobotLayout` of handles and joint frames that stays valid across snapshot/restore.
 */
import { ValidationError } from '../core/errors.js';
import {
  type Quat, type Vec3, QUAT_IDENTITY, diagonalizeInertia, normalize, quatFromAxisAngle, quatFromRpy, quatMul, rotate,
} from './math3d.js';
import type { RapierModule, RapierWorld } from './rapier.js';
import type { ColliderDesc, JointDesc, RobotDesc } from './robot-desc.js';

/** Static facts about one built joint. */
export interface JointLayout {
  readonly name: string;
  readonly type: JointDesc['type'];
  readonly handle: number;
  readonly parent: number;
  readonly child: number;
  /** Unit axis in the child (joint) frame. */
  readonly axis: Vec3;
  /** Joint origin in the parent frame. */
  readonly originXyz: Vec3;
  readonly originQuat: Quat;
  readonly damping: number;
  readonly limits: JointDesc['limits'];
}

/** Handles and frames of a built robot. Link index = index in `desc.links`. */
export interface RobotLayout {
  readonly desc: RobotDesc;
  readonly linkNames: readonly string[];
  readonly linkIndex: ReadonlyMap<string, number>;
  /** Rigid-body handle of each link. */
  readonly bodyHandles: readonly number[];
  /** Collider handles of each link. */
  readonly colliderHandles: readonly (readonly number[])[];
  /** Owning link of each robot collider handle. */
  readonly linkOfCollider: ReadonlyMap<number, number>;
  readonly joints: readonly JointLayout[];
  readonly jointIndex: ReadonlyMap<string, number>;
  /** World pose of each link at build time (all joints at 0). */
  readonly initialPoses: readonly { readonly xyz: Vec3; readonly quat: Quat }[];
}

const Y_TO_Z: Quat = quatFromAxisAngle([1, 0, 0], Math.PI / 2);

/** Adds the robot to `world`. `desc` must come from validateRobot. */
export function buildRobot(R: RapierModule, world: RapierWorld, desc: RobotDesc): RobotLayout {
  const linkIndex = new Map(desc.links.map((l, i) => [l.name, i]));
  const jointOfChild = new Map(desc.joints.map((j) => [j.child, j]));
  const root = desc.links.findIndex((l) => !jointOfChild.has(l.name));
  const poses: ({ xyz: Vec3; quat: Quat } | undefined)[] = desc.links.map(() => undefined);
  const baseQuat = desc.base.rpy ? quatFromRpy(desc.base.rpy) : { ...QUAT_IDENTITY };
  poses[root] = { xyz: desc.base.xyz ?? [0, 0, 0], quat: baseQuat };
  // Poses in tree order (parents first).
  const order: number[] = [root];
  for (let k = 0; k < order.length; k++) {
    const pname = desc.links[order[k]!]!.name;
    for (const j of desc.joints) {
      if (j.parent !== pname) continue;
      const ci = linkIndex.get(j.child)!;
      const pp = poses[order[k]!]!;
      const oq = j.rpy ? quatFromRpy(j.rpy) : { ...QUAT_IDENTITY };
      const off = rotate(pp.quat, j.xyz ?? [0, 0, 0]);
      poses[ci] = { xyz: [pp.xyz[0] + off[0], pp.xyz[1] + off[1], pp.xyz[2] + off[2]], quat: quatMul(pp.quat, oq) };
      order.push(ci);
    }
  }
  const bodyHandles: number[] = [];
  const colliderHandles: number[][] = [];
  const linkOfCollider = new Map<number, number>();
  desc.links.forEach((link, i) => {
    const pose = poses[i]!;
    const isFixed = i === root && desc.base.type === 'fixed';
    const bd = (isFixed ? R.RigidBodyDesc.fixed() : R.RigidBodyDesc.dynamic())
      .setTranslation(pose.xyz[0], pose.xyz[1], pose.xyz[2])
      .setRotation(pose.quat)
      .setCanSleep(false);
    if (!isFixed) {
      const { ixx, ixy, ixz, iyy, iyz, izz } = link.inertia;
      const p = diagonalizeInertia(ixx, ixy, ixz, iyy, iyz, izz);
      const frame = link.inertiaRpy ? quatMul(quatFromRpy(link.inertiaRpy), p.frame) : p.frame;
      const com = link.com ?? [0, 0, 0];
      bd.setAdditionalMassProperties(link.mass, { x: com[0], y: com[1], z: com[2] }, { x: p.moments[0], y: p.moments[1], z: p.moments[2] }, frame);
    }
    const body = world.createRigidBody(bd);
    bodyHandles.push(body.handle);
    const hs: number[] = [];
    link.colliders.forEach((c, k) => {
      const cd = colliderDesc(R, c, `links[${i}] (link '${link.name}').colliders[${k}]`);
      const col = world.createCollider(cd, body);
      hs.push(col.handle);
      linkOfCollider.set(col.handle, i);
    });
    colliderHandles.push(hs);
  });
  const joints: JointLayout[] = desc.joints.map((j) => {
    const parent = linkIndex.get(j.parent)!;
    const child = linkIndex.get(j.child)!;
    const axis = normalize(j.axis ?? [1, 0, 0]);
    const originXyz: Vec3 = j.xyz ?? [0, 0, 0];
    const originQuat = j.rpy ? quatFromRpy(j.rpy) : { ...QUAT_IDENTITY };
    const a1 = { x: originXyz[0], y: originXyz[1], z: originXyz[2] };
    const a2 = { x: 0, y: 0, z: 0 };
    const ax = { x: axis[0], y: axis[1], z: axis[2] };
    let data;
    switch (j.type) {
      case 'revolute':
      case 'continuous':
        data = R.JointData.revolute(a1, a2, ax);
        break;
      case 'prismatic':
        data = R.JointData.prismatic(a1, a2, ax);
        break;
      case 'fixed':
        data = R.JointData.fixed(a1, originQuat, a2, { w: 1, x: 0, y: 0, z: 0 });
        break;
      case 'spherical':
        data = R.JointData.spherical(a1, a2);
        break;
    }
    const b1 = world.getRigidBody(bodyHandles[parent]!);
    const b2 = world.getRigidBody(bodyHandles[child]!);
    const joint = world.createImpulseJoint(data, b1, b2, true);
    if (j.type === 'revolute' || j.type === 'continuous' || j.type === 'prismatic') {
      // The joint frame in the child is F (axis along F's x); in the parent it is origin·F, so the
      // frames coincide at joint position 0 and Rapier's angle/limits match ours (G4).
      const f2 = joint.frameX2();
      joint.setLocalFrame1(a1, quatMul(originQuat, f2));
      const unit = joint as InstanceType<RapierModule['UnitImpulseJoint']>;
      if (j.type !== 'continuous' && j.limits) unit.setLimits(j.limits.lower, j.limits.upper);
    }
    joint.setContactsEnabled(false);
    return { name: j.name, type: j.type, handle: joint.handle, parent, child, axis, originXyz, originQuat, damping: j.damping ?? 0, limits: j.limits };
  });
  return {
    desc,
    linkNames: desc.links.map((l) => l.name),
    linkIndex,
    bodyHandles,
    colliderHandles,
    linkOfCollider,
    joints,
    jointIndex: new Map(joints.map((j, i) => [j.name, i])),
    initialPoses: poses.map((p) => p!),
  };
}

/** Rapier collider descriptor for a link collider (density 0: mass comes from the inertial). */
export function colliderDesc(R: RapierModule, c: ColliderDesc, field: string): InstanceType<RapierModule['ColliderDesc']> {
  let cd: InstanceType<RapierModule['ColliderDesc']> | null;
  let q = c.rpy ? quatFromRpy(c.rpy) : { ...QUAT_IDENTITY };
  switch (c.shape) {
    case 'box':
      cd = R.ColliderDesc.cuboid(c.size[0] / 2, c.size[1] / 2, c.size[2] / 2);
      break;
    case 'sphere':
      cd = R.ColliderDesc.ball(c.radius);
      break;
    case 'capsule':
      cd = R.ColliderDesc.capsule(c.length / 2, c.radius);
      q = quatMul(q, Y_TO_Z);
      break;
    case 'cylinder':
      cd = R.ColliderDesc.cylinder(c.length / 2, c.radius);
      q = quatMul(q, Y_TO_Z);
      break;
    case 'convex':
      cd = R.ColliderDesc.convexHull(Float32Array.from(c.points));
      if (cd === null) throw new ValidationError(`${field}.points`, `${c.points.length / 3} points`, 'points spanning a 3-D volume', 'give at least 4 non-coplanar vertices');
      break;
  }
  const xyz = c.xyz ?? [0, 0, 0];
  cd.setTranslation(xyz[0], xyz[1], xyz[2]).setRotation(q).setDensity(0);
  if (c.friction !== undefined) cd.setFriction(c.friction);
  if (c.restitution !== undefined) cd.setRestitution(c.restitution);
  if (c.frictionCombine !== undefined) {
    const rule = { average: R.CoefficientCombineRule.Average, min: R.CoefficientCombineRule.Min, max: R.CoefficientCombineRule.Max, multiply: R.CoefficientCombineRule.Multiply }[c.frictionCombine];
    cd.setFrictionCombineRule(rule);
  }
  return cd;
}
