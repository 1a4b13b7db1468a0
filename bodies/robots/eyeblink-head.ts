/**
 * The eye-blink head for the conditioning experiment (specs/eyeblink.md "The body"): a fixed head
 * with a cornea (sphere, radius 12 mm, centre at the head origin, facing +Y) and an eyelid: a thin
 * plate 14 mm from the eye centre on a hinge through the eye centre (axis −X), swinging from 75°
 * above the eye (open) down over the cornea (closed). Human-eye scale keeps Rapier's f32 state well
 * conditioned; the timing (not the size) is what the experiment depends on.
 *
 * Ports (with the rig of environments/worlds/eyeblink-rig.ts plugged in):
 * - in  `eyelid.command`  closure target in [0, 1] (0 open, 1 closed), held by a PD drive
 *   (ω_n = 200 rad/s, critically damped: 10–90 % closure in about 16 ms), effort ≤ 0.05 N·m.
 *   Values outside [0, 1] are rejected (clip in the transceiver).
 * - out `eyelid.closure`  0 = open, 1 = closed (from the hinge angle).
 * - out `eyelid.position` / `eyelid.velocity` hinge angle (rad) and speed; `eyelid.effort` drive torque.
 * - out `cornea.pressure` mean pressure (Pa) on the cornea from the air puff (and any contact).
 * - out `cs.level`        sound pressure (Pa RMS) of the CS tone at the ear.
 * - rig inputs `nozzle.trigger` (valve 0/1) and `cs.trigger` (tone 0/1); rig output `nozzle.valve`.
 */
import type { RobotDescInput } from '../robot-desc.js';
import { parseUrdf } from '../urdf/parse-urdf.js';

/** Hinge angle of the open lid (rad); closure = angle / EYELID_CLOSED_RAD. */
export const EYELID_CLOSED_RAD = (75 * Math.PI) / 180;
/** Cornea radius (m). */
export const CORNEA_RADIUS_M = 0.012;

/** URDF of the head (shipped as text so bodies/ stays free of file I/O). */
export const EYEBLINK_HEAD_URDF = `<?xml version="1.0"?>
<robot name="eyeblink_head">
  <link name="head"/>
  <link name="cornea">
    <inertial><mass value="0.001"/><inertia ixx="5.76e-8" ixy="0" ixz="0" iyy="5.76e-8" iyz="0" izz="5.76e-8"/></inertial>
    <collision><geometry><sphere radius="${CORNEA_RADIUS_M}"/></geometry></collision>
  </link>
  <link name="eyelid">
    <inertial>
      <origin xyz="0 0.014 0"/>
      <mass value="0.002"/>
      <inertia ixx="1.713e-7" ixy="0" ixz="0" iyy="4.373e-7" iyz="0" izz="2.673e-7"/>
    </inertial>
    <collision><origin xyz="0 0.014 0"/><geometry><box size="0.04 0.002 0.032"/></geometry></collision>
  </link>
  <joint name="cornea_mount" type="fixed"><parent link="head"/><child link="cornea"/></joint>
  <joint name="eyelid" type="revolute">
    <parent link="head"/><child link="eyelid"/>
    <origin xyz="0 0 0" rpy="${EYELID_CLOSED_RAD} 0 0"/>
    <axis xyz="-1 0 0"/>
    <limit lower="0" upper="${EYELID_CLOSED_RAD}" effort="0.05" velocity="60"/>
  </joint>
</robot>`;

/** Options of the head. */
export interface EyeblinkHeadOptions {
  /** World position of the eye centre (default [0, 0, 0.3]). */
  readonly eyeXyz?: [number, number, number];
  /** Natural frequency of the lid drive (rad/s, default 200); the drive is critically damped. */
  readonly lidOmegaRadS?: number;
}

/** RobotDesc of the eye-blink head. */
export function eyeblinkHeadRobot(o: EyeblinkHeadOptions = {}): RobotDescInput {
  const iHinge = 1.713e-7 + 0.002 * 0.014 * 0.014;
  const w = o.lidOmegaRadS ?? 200;
  const { robot } = parseUrdf(EYEBLINK_HEAD_URDF, {
    base: { type: 'fixed', xyz: o.eyeXyz ?? [0, 0, 0.3] },
    sensors: [
      { type: 'closure', name: 'eyelid', joint: 'eyelid', open: 0, closed: EYELID_CLOSED_RAD },
      { type: 'pressure', name: 'cornea', link: 'cornea', areaM2: 2 * Math.PI * CORNEA_RADIUS_M * CORNEA_RADIUS_M * (1 - Math.cos(Math.PI / 4)) },
      { type: 'sound', name: 'cs', link: 'head', xyz: [0.03, 0, 0] },
    ],
    actuators: [{
      type: 'motor', name: 'eyelid', joint: 'eyelid', mode: 'position', maxForce: 0.05,
      stiffness: iHinge * w * w, damping: 2 * iHinge * w, commandRange: [0, 1], scale: EYELID_CLOSED_RAD,
    }],
  });
  return robot;
}
