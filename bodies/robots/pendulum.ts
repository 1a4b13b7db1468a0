/**
 * A torque-driven pendulum for control and RL (swing-up). One continuous hinge about the world Y
 * axis at height `pivotHeightM`; angle 0 = hanging straight down, +π = upright; positive torque
 * is right-handed about +Y (a small positive angle moves the bob towards −X).
 *
 * Ports: input `torque.command` (N·m, saturated at ±effortNm, applied value on `torque.effort`);
 * outputs `hinge.position` (rad, unwrapped), `hinge.velocity` (rad/s).
 * The bob is a solid sphere (radius `bobRadiusM`) on a massless rod: I_pivot = m·L² + 2/5·m·r².
 */
import type { RobotDescInput } from '../robot-desc.js';

/** Pendulum parameters (SI). */
export interface PendulumOptions {
  readonly massKg?: number;
  readonly lengthM?: number;
  readonly bobRadiusM?: number;
  /** Motor torque limit (N·m); default 2, below m·g·L so swing-up needs pumping. */
  readonly effortNm?: number;
  /** Viscous hinge damping (N·m·s/rad). */
  readonly dampingNms?: number;
  readonly pivotHeightM?: number;
}

/** Moment of inertia about the pivot of the pendulum built by `pendulumRobot`. */
export function pendulumInertia(o: PendulumOptions = {}): number {
  const m = o.massKg ?? 1, l = o.lengthM ?? 0.5, r = o.bobRadiusM ?? 0.05;
  return m * l * l + 0.4 * m * r * r;
}

/** RobotDesc of the pendulum. */
export function pendulumRobot(o: PendulumOptions = {}): RobotDescInput {
  const m = o.massKg ?? 1, l = o.lengthM ?? 0.5, r = o.bobRadiusM ?? 0.05;
  const ib = 0.4 * m * r * r;
  return {
    name: 'pendulum',
    base: { type: 'fixed', xyz: [0, 0, o.pivotHeightM ?? 1] },
    links: [
      { name: 'base', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 }, colliders: [{ shape: 'box', size: [0.04, 0.04, 0.04] }] },
      {
        name: 'pole', mass: m, com: [0, 0, -l], inertia: { ixx: ib, iyy: ib, izz: ib },
        colliders: [{ shape: 'sphere', radius: r, xyz: [0, 0, -l] }, { shape: 'capsule', radius: 0.01, length: l - r, xyz: [0, 0, -(l - r) / 2] }],
      },
    ],
    joints: [{ name: 'hinge', type: 'continuous', parent: 'base', child: 'pole', axis: [0, 1, 0], damping: o.dampingNms ?? 0 }],
    sensors: [{ type: 'encoder', name: 'hinge', joint: 'hinge' }],
    actuators: [{ type: 'motor', name: 'torque', joint: 'hinge', mode: 'torque', maxForce: o.effortNm ?? 2 }],
  };
}
