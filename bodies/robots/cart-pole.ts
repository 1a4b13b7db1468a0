/**
 * The classic cart-pole (Barto, Sutton & Anderson 1983 parameters by default): a cart on a
 * prismatic rail along world X (limits ±`railHalfLengthM`) with a free pole hinged on it about +Y.
 * Pole angle 0 = upright.
 *
 * Ports: input `cart.command` (N, saturated at ±forceLimitN, applied value on `cart.effort`);
 * outputs `cart.position` (m), `cart.velocity` (m/s), `pole.position` (rad, 0 upright), `pole.velocity` (rad/s).
 */
import type { RobotDescInput } from '../robot-desc.js';

/** Cart-pole parameters (SI). */
export interface CartPoleOptions {
  readonly cartMassKg?: number;
  readonly poleMassKg?: number;
  /** Half the pole length (m): the pole's centre of mass sits this far above the hinge. */
  readonly poleHalfLengthM?: number;
  readonly forceLimitN?: number;
  readonly railHalfLengthM?: number;
}

/** RobotDesc of the cart-pole. */
export function cartPoleRobot(o: CartPoleOptions = {}): RobotDescInput {
  const mc = o.cartMassKg ?? 1, mp = o.poleMassKg ?? 0.1, h = o.poleHalfLengthM ?? 0.5;
  const ip = (mp * (2 * h) * (2 * h)) / 12;
  const rail = o.railHalfLengthM ?? 2.4;
  return {
    name: 'cartpole',
    base: { type: 'fixed', xyz: [0, 0, 0.5] },
    links: [
      { name: 'rail', mass: 0, inertia: { ixx: 0, iyy: 0, izz: 0 }, colliders: [] },
      { name: 'cart', mass: mc, inertia: { ixx: 0.01, iyy: 0.01, izz: 0.01 }, colliders: [{ shape: 'box', size: [0.3, 0.2, 0.1] }] },
      { name: 'pole', mass: mp, com: [0, 0, h], inertia: { ixx: ip, iyy: ip, izz: 1e-5 }, colliders: [{ shape: 'capsule', radius: 0.02, length: 2 * h, xyz: [0, 0, h] }] },
    ],
    joints: [
      { name: 'slider', type: 'prismatic', parent: 'rail', child: 'cart', axis: [1, 0, 0], limits: { lower: -rail, upper: rail, effort: o.forceLimitN ?? 10 } },
      { name: 'hinge', type: 'continuous', parent: 'cart', child: 'pole', axis: [0, 1, 0] },
    ],
    sensors: [
      { type: 'encoder', name: 'cart', joint: 'slider' },
      { type: 'encoder', name: 'pole', joint: 'hinge' },
    ],
    actuators: [{ type: 'motor', name: 'cart', joint: 'slider', mode: 'torque', maxForce: o.forceLimitN ?? 10 }],
  };
}
