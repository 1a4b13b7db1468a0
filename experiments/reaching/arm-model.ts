/**
 * Planar model of the Rapier arm (bodies/robots/arm.ts) in its x–z plane with the base yaw at 0:
 * shoulder and elbow pitch about +y, all angles 0 = pointing straight up. A link direction at
 * absolute angle φ is (sin φ, cos φ) in (x, z), so a mass m at horizontal lever x from a joint
 * makes gravity push that joint by +m·g·x (toward larger angles); the drive that holds it gives −m·g·x.
 * Used for the unloaded gravity feed-forward of the PD controller (deliberately blind to the load)
 * and for the hand's target position (forward kinematics).
 */

/** Geometry and masses of the planar arm (SI), read off ARM_URDF. */
export interface ArmGeometry {
  /** Height of the shoulder axis above the world origin (base 0.1 m + turret 0.05 m). */
  readonly shoulderZ: number;
  readonly upperLen: number;
  readonly upperKg: number;
  readonly upperCom: number;
  readonly forearmKg: number;
  readonly forearmCom: number;
  /** Hand (point mass) at the end of the forearm. */
  readonly handKg: number;
  readonly forearmLen: number;
}

/** The shipped arm (ARM_URDF). */
export const ARM_GEOMETRY: ArmGeometry = {
  shoulderZ: 0.15, upperLen: 0.3, upperKg: 1.0, upperCom: 0.15, forearmKg: 0.8, forearmCom: 0.125, handKg: 0.1, forearmLen: 0.25,
};

/** A point load on the forearm at `distM` from the elbow. */
export interface PointLoad {
  readonly kg: number;
  readonly distM: number;
}

/**
 * Drive torques (N·m) that hold the arm still at (shoulder, elbow) against gravity, written into
 * `out` = [shoulder, elbow]. Statics: τ = −g·Σ m·x over the masses beyond each joint.
 */
export function gravityHoldTorques(geo: ArmGeometry, shoulder: number, elbow: number, load: PointLoad, out: Float64Array, g = 9.81): Float64Array {
  const ss = Math.sin(shoulder);
  const se = Math.sin(shoulder + elbow);
  const beyondElbow = geo.forearmKg * geo.forearmCom + geo.handKg * geo.forearmLen + load.kg * load.distM;
  const massBeyond = geo.forearmKg + geo.handKg + load.kg;
  out[0] = -g * (geo.upperKg * geo.upperCom * ss + massBeyond * geo.upperLen * ss + beyondElbow * se);
  out[1] = -g * beyondElbow * se;
  return out;
}

/** Hand position (x, z) in metres for joint angles (shoulder, elbow), written into `out`. */
export function handPosition(geo: ArmGeometry, shoulder: number, elbow: number, out: Float64Array = new Float64Array(2)): Float64Array {
  out[0] = geo.upperLen * Math.sin(shoulder) + geo.forearmLen * Math.sin(shoulder + elbow);
  out[1] = geo.shoulderZ + geo.upperLen * Math.cos(shoulder) + geo.forearmLen * Math.cos(shoulder + elbow);
  return out;
}
