/**
 * A Husky-sized differential-drive rover, shipped as URDF: a 0.99 × 0.67 m chassis (46 kg), two
 * driven wheels (radius 0.165 m, separation 0.6 m) and two frictionless ball casters, floating base
 * starting at the origin facing +X. Wheel joints are continuous about +Y; a positive wheel speed
 * drives forward. Differential-drive kinematics: v = r(ω_l + ω_r)/2, ω_z = r(ω_r − ω_l)/b.
 *
 * Ports: inputs `left_wheel.command`, `right_wheel.command` (rad/s, velocity drive, ≤ 40 N·m);
 * outputs `left_wheel.position/.velocity`, `right_wheel.position/.velocity` (encoders),
 * `*.effort`, `base.pose` (ground truth), `imu.*`, `range_left.distance`/`range_right.distance`
 * (rays ±30° off the heading, 5 m), `light_left.irradiance`/`light_right.irradiance` (photodiodes
 * facing ±30°, for Braitenberg vehicles), and optionally `camera.depth`.
 */
import type { RobotDescInput, SensorDesc } from '../robot-desc.js';
import { parseUrdf } from '../urdf/parse-urdf.js';

/** Wheel radius (m). */
export const ROVER_WHEEL_RADIUS_M = 0.165;
/** Distance between the wheel contact points (m). */
export const ROVER_WHEEL_SEPARATION_M = 0.6;

const wheel = (side: string, y: number) => `
  <link name="${side}_wheel">
    <inertial><mass value="2.6"/><inertia ixx="0.0199" ixy="0" ixz="0" iyy="0.0354" iyz="0" izz="0.0199"/></inertial>
    <collision><geometry><sphere radius="${ROVER_WHEEL_RADIUS_M}"/></geometry></collision>
  </link>
  <joint name="${side}_wheel" type="continuous">
    <parent link="base_link"/><child link="${side}_wheel"/><origin xyz="0 ${y} 0"/><axis xyz="0 1 0"/>
    <limit effort="40" velocity="20"/>
  </joint>`;

/** URDF of the rover (casters are added as frictionless colliders by roverRobot). */
export const ROVER_URDF = `<?xml version="1.0"?>
<robot name="rover">
  <link name="base_link">
    <inertial><origin xyz="0 0 0.1"/><mass value="46"/><inertia ixx="1.87" ixy="0" ixz="0" iyy="3.91" iyz="0" izz="5.48"/></inertial>
    <collision><origin xyz="0 0 0.12"/><geometry><box size="0.99 0.5 0.2"/></geometry></collision>
  </link>${wheel('left', ROVER_WHEEL_SEPARATION_M / 2)}${wheel('right', -ROVER_WHEEL_SEPARATION_M / 2)}
</robot>`;

/** Options of the rover. */
export interface RoverOptions {
  /** Start pose (default origin, facing +X). */
  readonly xyz?: [number, number];
  readonly yawRad?: number;
  /** Add a forward depth camera of this size (e.g. {width: 32, height: 24}). */
  readonly depth?: { readonly width: number; readonly height: number; readonly fovDeg?: number };
  /** Velocity-drive gain (N·m·s/rad, default 10). */
  readonly wheelGain?: number;
}

/** RobotDesc of the rover. */
export function roverRobot(o: RoverOptions = {}): RobotDescInput {
  const a = (30 * Math.PI) / 180;
  const sensors: SensorDesc[] = [
    { type: 'pose', name: 'base', link: 'base_link' },
    { type: 'imu', name: 'imu', link: 'base_link', xyz: [0, 0, 0.1] },
    { type: 'ray', name: 'range_left', link: 'base_link', xyz: [0.5, 0.1, 0.12], direction: [Math.cos(a), Math.sin(a), 0], maxRangeM: 5 },
    { type: 'ray', name: 'range_right', link: 'base_link', xyz: [0.5, -0.1, 0.12], direction: [Math.cos(a), -Math.sin(a), 0], maxRangeM: 5 },
    { type: 'light', name: 'light_left', link: 'base_link', xyz: [0.5, 0.2, 0.25], direction: [Math.cos(a), Math.sin(a), 0] },
    { type: 'light', name: 'light_right', link: 'base_link', xyz: [0.5, -0.2, 0.25], direction: [Math.cos(a), -Math.sin(a), 0] },
  ];
  if (o.depth) sensors.push({ type: 'depth', name: 'camera', link: 'base_link', xyz: [0.5, 0, 0.3], width: o.depth.width, height: o.depth.height, fovDeg: o.depth.fovDeg ?? 90, maxRangeM: 10 });
  const gain = o.wheelGain ?? 10;
  const { robot } = parseUrdf(ROVER_URDF, {
    base: { type: 'floating', xyz: [o.xyz?.[0] ?? 0, o.xyz?.[1] ?? 0, ROVER_WHEEL_RADIUS_M + 0.002], rpy: [0, 0, o.yawRad ?? 0] },
    sensors,
    actuators: ['left', 'right'].map((s) => ({ type: 'motor' as const, name: `${s}_wheel`, joint: `${s}_wheel`, mode: 'velocity' as const, maxForce: 40, damping: gain })),
  });
  // Ball casters fore and aft (URDF has no friction model): frictionless via the min combine rule.
  const base = robot.links.find((l) => l.name === 'base_link')!;
  for (const x of [0.4, -0.4]) {
    base.colliders.push({ shape: 'sphere', radius: 0.08, xyz: [x, 0, -(ROVER_WHEEL_RADIUS_M - 0.08)], friction: 0, frictionCombine: 'min' });
  }
  const w = robot.links.filter((l) => l.name.endsWith('_wheel'));
  for (const l of w) for (const c of l.colliders) c.friction = 1;
  return robot;
}
