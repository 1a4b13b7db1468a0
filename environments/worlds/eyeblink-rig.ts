/**
 * The conditioning rig around the eye-blink head (bodies/robots/eyeblink-head.ts): an air-puff
 * nozzle 30 mm in front of the cornea aimed at the eye centre (the US; input `nozzle.trigger`), and
 * a speaker for the CS tone (input `cs.trigger`), 0.2 Pa RMS at 1 m (80 dB SPL), 9.5 kHz.
 * Puff: 1 mm exit at 100 m/s (momentum flux ρv²A ≈ 9.4 mN), front travelling at 10 m/s, so it
 * reaches the cornea ≈ 3 ms after the valve opens; 64 streamlines over a 15° half-angle cone (8 mm radius at the cornea).
 */
import type { WorldDescInput } from '../world-desc.js';

/** Options of the rig. */
export interface EyeblinkRigOptions {
  /** Eye centre in the world (must match the head's eyeXyz; default [0, 0, 0.3]). */
  readonly eyeXyz?: [number, number, number];
  /** Nozzle distance from the cornea surface (m, default 0.03). */
  readonly nozzleDistanceM?: number;
  readonly rays?: number;
}

/** WorldDesc of the rig. */
export function eyeblinkRig(o: EyeblinkRigOptions = {}): WorldDescInput {
  const e = o.eyeXyz ?? [0, 0, 0.3];
  const d = 0.012 + (o.nozzleDistanceM ?? 0.03);
  return {
    nozzles: [{ name: 'nozzle', xyz: [e[0], e[1] + d, e[2]], target: e, exitDiameterM: 0.001, exitSpeedMps: 100, frontSpeedMps: 10, coneHalfAngleDeg: 15, rays: o.rays ?? 64, maxRangeM: 0.2 }],
    tones: [{ name: 'cs', xyz: [e[0] + 0.2, e[1] + 0.2, e[2] + 0.1], pressureAt1mPa: 0.2, frequencyHz: 9500, controlled: true }],
  };
}
