/**
 * Minimum-jerk point-to-point trajectory (Flash & Hogan 1985): from q0 to q1 in `durationMs`,
 * q(t) = q0 + (q1 − q0)·(10s³ − 15s⁴ + 6s⁵), s = t/T, held at q1 afterwards. Position and velocity
 * are written into preallocated arrays (one entry per joint).
 */

/** A reach in joint space. */
export interface ReachDesc {
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly durationMs: number;
}

/** Desired positions (rad) and velocities (rad/s) at `tMs` after the reach starts. */
export function minimumJerk(reach: ReachDesc, tMs: number, pos: Float64Array, vel: Float64Array): void {
  const T = reach.durationMs;
  const s = Math.min(1, Math.max(0, tMs / T));
  const shape = s * s * s * (10 - 15 * s + 6 * s * s);
  const rate = tMs > 0 && tMs < T ? (30 * s * s * (1 - s) * (1 - s)) / (T / 1000) : 0;
  for (let j = 0; j < reach.from.length; j++) {
    const d = (reach.to[j] as number) - (reach.from[j] as number);
    pos[j] = (reach.from[j] as number) + d * shape;
    vel[j] = rate === 0 ? 0 : d * rate;
  }
}
