/**
 * Small allocation-light 3-D helpers (vectors as [x,y,z], quaternions as {w,x,y,z}) used by the
 * builder and the sensors. Kept separate so the kernels read as physics, not index juggling.
 */

/** A 3-vector. */
export type Vec3 = readonly [number, number, number];
/** A unit quaternion (Hamilton convention, w scalar). Rapier uses the same layout. */
export interface Quat {
  w: number;
  x: number;
  y: number;
  z: number;
}

/** The identity rotation. */
export const QUAT_IDENTITY: Readonly<Quat> = Object.freeze({ w: 1, x: 0, y: 0, z: 0 });

/** Quaternion from URDF roll-pitch-yaw (fixed axes X, then Y, then Z: R = Rz(yaw)·Ry(pitch)·Rx(roll)). */
export function quatFromRpy(rpy: Vec3): Quat {
  const [r, p, y] = rpy;
  const cr = Math.cos(r / 2), sr = Math.sin(r / 2);
  const cp = Math.cos(p / 2), sp = Math.sin(p / 2);
  const cy = Math.cos(y / 2), sy = Math.sin(y / 2);
  return {
    w: cr * cp * cy + sr * sp * sy,
    x: sr * cp * cy - cr * sp * sy,
    y: cr * sp * cy + sr * cp * sy,
    z: cr * cp * sy - sr * sp * cy,
  };
}

/** Hamilton product a·b. */
export function quatMul(a: Quat, b: Quat): Quat {
  return {
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
  };
}

/** Conjugate (inverse of a unit quaternion). */
export function quatConj(q: Quat): Quat {
  return { w: q.w, x: -q.x, y: -q.y, z: -q.z };
}

/** Quaternion for a rotation of `angle` rad about the unit `axis`. */
export function quatFromAxisAngle(axis: Vec3, angle: number): Quat {
  const s = Math.sin(angle / 2);
  return { w: Math.cos(angle / 2), x: axis[0] * s, y: axis[1] * s, z: axis[2] * s };
}

/** Rotates v by q into `out` (no allocation). */
export function rotateInto(q: Quat, vx: number, vy: number, vz: number, out: number[] | Float64Array): void {
  // t = 2 q.xyz × v ; v' = v + w t + q.xyz × t
  const tx = 2 * (q.y * vz - q.z * vy);
  const ty = 2 * (q.z * vx - q.x * vz);
  const tz = 2 * (q.x * vy - q.y * vx);
  out[0] = vx + q.w * tx + (q.y * tz - q.z * ty);
  out[1] = vy + q.w * ty + (q.z * tx - q.x * tz);
  out[2] = vz + q.w * tz + (q.x * ty - q.y * tx);
}

/** Rotates v by q (allocating convenience). */
export function rotate(q: Quat, v: Vec3): [number, number, number] {
  const out = [0, 0, 0];
  rotateInto(q, v[0], v[1], v[2], out);
  return out as [number, number, number];
}

/** Rotates v by the inverse of q into `out`. */
export function rotateInvInto(q: Quat, vx: number, vy: number, vz: number, out: number[] | Float64Array): void {
  rotateInto({ w: q.w, x: -q.x, y: -q.y, z: -q.z }, vx, vy, vz, out);
}

/** Euclidean norm. */
export function norm(v: Vec3): number {
  return Math.hypot(v[0], v[1], v[2]);
}

/** Unit vector along v (throws-free; caller validates non-zero). */
export function normalize(v: Vec3): [number, number, number] {
  const n = norm(v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/**
 * Quaternion from a rotation matrix given by its columns (must be orthonormal, det +1).
 * Shepperd's method, numerically stable for all rotations.
 */
export function quatFromMatrix(m: readonly (readonly number[])[]): Quat {
  const m00 = m[0]![0]!, m01 = m[0]![1]!, m02 = m[0]![2]!;
  const m10 = m[1]![0]!, m11 = m[1]![1]!, m12 = m[1]![2]!;
  const m20 = m[2]![0]!, m21 = m[2]![1]!, m22 = m[2]![2]!;
  const tr = m00 + m11 + m22;
  let q: Quat;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    q = { w: 0.25 * s, x: (m21 - m12) / s, y: (m02 - m20) / s, z: (m10 - m01) / s };
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    q = { w: (m21 - m12) / s, x: 0.25 * s, y: (m01 + m10) / s, z: (m02 + m20) / s };
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    q = { w: (m02 - m20) / s, x: (m01 + m10) / s, y: 0.25 * s, z: (m12 + m21) / s };
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    q = { w: (m10 - m01) / s, x: (m02 + m20) / s, y: (m12 + m21) / s, z: 0.25 * s };
  }
  const n = Math.hypot(q.w, q.x, q.y, q.z);
  return { w: q.w / n, x: q.x / n, y: q.y / n, z: q.z / n };
}

/** Result of diagonalising a symmetric inertia tensor. */
export interface PrincipalInertia {
  /** Principal moments (kg·m²), eigenvalues of the tensor. */
  readonly moments: [number, number, number];
  /** Rotation whose columns are the principal axes in the link frame. */
  readonly frame: Quat;
}

/**
 * Diagonalises a symmetric 3×3 inertia tensor (ixx, ixy, ixz, iyy, iyz, izz) with cyclic Jacobi
 * rotations. URDF gives the full tensor; Rapier wants principal moments plus their frame (G4/G5
 * build recipe in specs/ecosystem.md).
 */
export function diagonalizeInertia(ixx: number, ixy: number, ixz: number, iyy: number, iyz: number, izz: number): PrincipalInertia {
  const a = [
    [ixx, ixy, ixz],
    [ixy, iyy, iyz],
    [ixz, iyz, izz],
  ];
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(a[0]![1]!) + Math.abs(a[0]![2]!) + Math.abs(a[1]![2]!);
    const scale = Math.abs(a[0]![0]!) + Math.abs(a[1]![1]!) + Math.abs(a[2]![2]!);
    if (off <= 1e-15 * (scale || 1)) break;
    for (const [p, q] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = a[p]![q]!;
      if (apq === 0) continue;
      const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const akp = a[k]![p]!, akq = a[k]![q]!;
        a[k]![p] = c * akp - s * akq;
        a[k]![q] = s * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p]![k]!, aqk = a[q]![k]!;
        a[p]![k] = c * apk - s * aqk;
        a[q]![k] = s * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k]![p]!, vkq = v[k]![q]!;
        v[k]![p] = c * vkp - s * vkq;
        v[k]![q] = s * vkp + c * vkq;
      }
    }
  }
  // Make the eigenvector basis right-handed so it is a rotation.
  const det =
    v[0]![0]! * (v[1]![1]! * v[2]![2]! - v[1]![2]! * v[2]![1]!) -
    v[0]![1]! * (v[1]![0]! * v[2]![2]! - v[1]![2]! * v[2]![0]!) +
    v[0]![2]! * (v[1]![0]! * v[2]![1]! - v[1]![1]! * v[2]![0]!);
  if (det < 0) for (let k = 0; k < 3; k++) v[k]![2] = -v[k]![2]!;
  return { moments: [a[0]![0]!, a[1]![1]!, a[2]![2]!], frame: quatFromMatrix(v) };
}
