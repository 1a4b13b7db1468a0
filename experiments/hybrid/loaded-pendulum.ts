/**
 * The pendulum of experiments/pendulum (1 kg bob on a 1 m rod, 4 N·m motor, 0.05 N·m·s/rad hinge
 * damping) built *inverted* — the rod points up at joint position 0 — with an optional payload
 * clamped at the tip, offset sideways from the rod axis. Starting upright at rest lets every
 * episode test balance (Rapier worlds reset to their built state, so a hanging build would spend
 * each episode swinging up first).
 *
 * The payload (mass mL at lateral offset dx, at the bob's height l) makes two changes the fixed
 * policy was not trained for: the pole is heavier (m + mL; larger gravity torque and inertia) and
 * its centre of mass is off the rod axis, so gravity pulls with a torque mL·g·dx at upright. The
 * policy then balances with a steady angle offset, the systematic error the cerebellum learns away.
 *
 * Angle convention on the bus stays the one the policy knows: θ = q + π (0 hanging, π upright) is
 * formed by the sense transceiver, q being the hinge position. Hinge axis +Y; positive torque
 * rotates the rod from +Z towards +X, i.e. increases q and θ alike.
 */
import { BodyEngine } from '../../bodies/index.js';
import type { RobotDescInput } from '../../bodies/robot-desc.js';
import { ValidationError } from '../../core/errors.js';
import { PENDULUM_TASK } from '../pendulum/pendulum-env.js';

/** Physical constants of the policy's training task (experiments/pendulum PENDULUM_TASK; bob radius as its Rapier binding). */
export const POLE = {
  massKg: PENDULUM_TASK.massKg,
  lengthM: PENDULUM_TASK.lengthM,
  bobRadiusM: 0.05,
  dampingNms: PENDULUM_TASK.dampingNmsPerRad,
  maxTorqueNm: PENDULUM_TASK.maxTorqueNm,
  gravityMS2: PENDULUM_TASK.gravityMS2,
  bodyDtNs: PENDULUM_TASK.bodyDtNs,
} as const;

/** The payload at the tip. */
export interface PayloadDesc {
  /** Payload mass (kg); 0 = unloaded. */
  readonly massKg: number;
  /** Lateral offset of the payload from the rod axis (m, along +X at q = 0). */
  readonly offsetM: number;
  /** Radius of the payload sphere (m), for its own inertia and its collider. */
  readonly radiusM?: number;
}

/** Gravity torque of the payload at upright (N·m, about +Y): mL·g·dx pulls q towards +X, i.e. positive. */
export function payloadTorqueNm(p: PayloadDesc): number {
  return p.massKg * POLE.gravityMS2 * p.offsetM;
}

/** Robot descriptor of the inverted pendulum carrying `payload`. */
export function loadedPendulumRobot(payload: PayloadDesc): RobotDescInput {
  if (!(payload.massKg >= 0) || !Number.isFinite(payload.massKg)) throw new ValidationError('load.massKg', payload.massKg, 'a finite mass ≥ 0 (kg)', 'set load.massKg, e.g. 0.3');
  if (!Number.isFinite(payload.offsetM) || Math.abs(payload.offsetM) > 0.5) throw new ValidationError('load.offsetM', payload.offsetM, 'a lateral offset in [−0.5, 0.5] m', 'set load.offsetM, e.g. 0.25');
  const { massKg: m, lengthM: l, bobRadiusM: r } = POLE;
  const mL = payload.massKg;
  const rL = payload.radiusM ?? 0.04;
  const dx = payload.offsetM;
  const M = m + mL;
  // Centre of mass of bob + payload (both at height l) and the inertia about it (spheres; parallel axes).
  const xc = (mL * dx) / M;
  const ib = 0.4 * m * r * r;
  const iL = 0.4 * mL * rL * rL;
  const sx = m * xc * xc + mL * (dx - xc) ** 2;
  const colliders: NonNullable<RobotDescInput['links'][number]['colliders']> = [
    { shape: 'sphere', radius: r, xyz: [0, 0, l] },
    { shape: 'capsule', radius: 0.01, length: l - r, xyz: [0, 0, (l - r) / 2] },
  ];
  if (mL > 0) colliders.push({ shape: 'sphere', radius: rL, xyz: [dx, 0, l] });
  return {
    name: 'loaded-pendulum',
    base: { type: 'fixed', xyz: [0, 0, 1.2] },
    links: [
      { name: 'base', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 }, colliders: [{ shape: 'box', size: [0.04, 0.04, 0.04] }] },
      { name: 'pole', mass: M, com: [xc, 0, l], inertia: { ixx: ib + iL, iyy: ib + iL + sx, izz: ib + iL + sx }, colliders },
    ],
    joints: [{ name: 'hinge', type: 'continuous', parent: 'base', child: 'pole', axis: [0, 1, 0], damping: POLE.dampingNms }],
    sensors: [{ type: 'encoder', name: 'hinge', joint: 'hinge' }],
    actuators: [{ type: 'motor', name: 'torque', joint: 'hinge', mode: 'torque', maxForce: POLE.maxTorqueNm }],
  };
}

/** Port names of the body engine. */
export const BODY = { torque: 'torque.command', q: 'hinge.position', omega: 'hinge.velocity' } as const;

/** The loaded inverted pendulum as a BodyEngine named `name` (5 ms steps of 5 Rapier substeps). */
export function loadedPendulumBody(payload: PayloadDesc, name = 'body'): BodyEngine {
  return new BodyEngine({ name, robot: loadedPendulumRobot(payload), dtNs: POLE.bodyDtNs, substeps: 5, gravity: [0, 0, -POLE.gravityMS2] });
}
