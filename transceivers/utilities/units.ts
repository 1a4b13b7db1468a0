/**
 * Unit conversions used between bodies (SI: m, rad, s, N·m) and brains (ms, mV, nA, Hz). Named so
 * that a reader sees both units at the call site.
 */

/** Degrees → radians. */
export const degToRad = (deg: number): number => (deg * Math.PI) / 180;
/** Radians → degrees. */
export const radToDeg = (rad: number): number => (rad * 180) / Math.PI;
/** Revolutions per minute → rad/s. */
export const rpmToRadPerS = (rpm: number): number => (rpm * 2 * Math.PI) / 60;
/** rad/s → revolutions per minute. */
export const radPerSToRpm = (w: number): number => (w * 60) / (2 * Math.PI);
/** Rate (Hz) → mean inter-spike interval (ms); Infinity for 0 Hz. */
export const hzToIsiMs = (hz: number): number => (hz === 0 ? Infinity : 1000 / hz);
/** Mean inter-spike interval (ms) → rate (Hz). */
export const isiMsToHz = (ms: number): number => 1000 / ms;
/** Spike count in a window of `windowNs` → rate (Hz). */
export const countToHz = (count: number, windowNs: number): number => (count * 1e9) / windowNs;
/** Rate (Hz) × window (ns) → expected spike count. */
export const hzToExpectedCount = (hz: number, windowNs: number): number => (hz * windowNs) / 1e9;
/** Current: pA → nA. */
export const pAToNA = (pA: number): number => pA / 1000;
/** Current: nA → pA. */
export const nAToPA = (nA: number): number => nA * 1000;
/** Wheel angular speed (rad/s) and radius (m) → linear speed (m/s). */
export const wheelRadPerSToMPerS = (w: number, radiusM: number): number => w * radiusM;
/** Linear speed (m/s) and wheel radius (m) → wheel angular speed (rad/s). */
export const mPerSToWheelRadPerS = (v: number, radiusM: number): number => v / radiusM;
/** Wraps an angle (rad) into [-π, π). */
export function wrapAngle(rad: number): number {
  const twoPi = 2 * Math.PI;
  const r = ((((rad + Math.PI) % twoPi) + twoPi) % twoPi) - Math.PI;
  return r;
}
