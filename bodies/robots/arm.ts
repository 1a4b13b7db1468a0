/**
 * A 3-DOF arm (base yaw, shoulder pitch, elbow pitch) with a hand, shipped as URDF. At all joint
 * angles 0 the arm points straight up. Masses and lengths are those of a small desktop arm
 * (upper arm 0.30 m / 1.0 kg, forearm 0.25 m / 0.8 kg, hand 0.1 kg).
 *
 * Ports: inputs `base_yaw.command`, `shoulder.command`, `elbow.command` (N·m in torque mode, rad
 * in position mode; efforts from the URDF limits); outputs `<joint>.position`/`.velocity` (rad,
 * rad/s), `<joint>.effort` (N·m), `hand.pose` (x, y, z, qw, qx, qy, qz), `forearm_imu.*`.
 * Drives are explicit (bodies/actuators/joint-motor.ts): with position gains around the defaults use
 * `substeps: 4` so d·h/I stays below 1 for the light forearm.
 * A detachable load for reaching experiments is a payload of the world (environments/), e.g.
 * `{ payloads: [{ name: 'load', link: 'forearm', xyz: [0, 0, 0.2], massKg: 0.5, size: [0.05, 0.05, 0.05] }] }`.
 */
import type { ActuatorDesc, RobotDescInput } from '../robot-desc.js';
import { parseUrdf } from '../urdf/parse-urdf.js';

/** URDF of the arm. */
export const ARM_URDF = `<?xml version="1.0"?>
<robot name="arm3">
  <link name="base_link">
    <collision><origin xyz="0 0 0.05"/><geometry><cylinder radius="0.06" length="0.1"/></geometry></collision>
  </link>
  <link name="turret">
    <inertial><origin xyz="0 0 0.025"/><mass value="0.5"/><inertia ixx="4.5e-4" ixy="0" ixz="0" iyy="4.5e-4" iyz="0" izz="6.25e-4"/></inertial>
    <collision><origin xyz="0 0 0.025"/><geometry><cylinder radius="0.05" length="0.05"/></geometry></collision>
  </link>
  <link name="upper_arm">
    <inertial><origin xyz="0 0 0.15"/><mass value="1.0"/><inertia ixx="7.7e-3" ixy="0" ixz="0" iyy="7.7e-3" iyz="0" izz="4.5e-4"/></inertial>
    <collision><origin xyz="0 0 0.15"/><geometry><capsule radius="0.03" length="0.22"/></geometry></collision>
  </link>
  <link name="forearm">
    <inertial><origin xyz="0 0 0.125"/><mass value="0.8"/><inertia ixx="4.35e-3" ixy="0" ixz="0" iyy="4.35e-3" iyz="0" izz="2.5e-4"/></inertial>
    <collision><origin xyz="0 0 0.125"/><geometry><capsule radius="0.025" length="0.18"/></geometry></collision>
  </link>
  <link name="hand">
    <inertial><mass value="0.1"/><inertia ixx="3.6e-5" ixy="0" ixz="0" iyy="3.6e-5" iyz="0" izz="3.6e-5"/></inertial>
    <collision><geometry><sphere radius="0.03"/></geometry></collision>
  </link>
  <joint name="base_yaw" type="revolute">
    <parent link="base_link"/><child link="turret"/><origin xyz="0 0 0.1"/><axis xyz="0 0 1"/>
    <limit lower="-2.8" upper="2.8" effort="20" velocity="3"/><dynamics damping="0.05"/>
  </joint>
  <joint name="shoulder" type="revolute">
    <parent link="turret"/><child link="upper_arm"/><origin xyz="0 0 0.05"/><axis xyz="0 1 0"/>
    <limit lower="-2.0" upper="2.0" effort="30" velocity="3"/><dynamics damping="0.05"/>
  </joint>
  <joint name="elbow" type="revolute">
    <parent link="upper_arm"/><child link="forearm"/><origin xyz="0 0 0.3"/><axis xyz="0 1 0"/>
    <limit lower="-2.5" upper="2.5" effort="15" velocity="4"/><dynamics damping="0.05"/>
  </joint>
  <joint name="wrist" type="fixed">
    <parent link="forearm"/><child link="hand"/><origin xyz="0 0 0.25"/>
  </joint>
</robot>`;

/** Options of the arm. */
export interface ArmOptions {
  /** Drive mode of the three motors (default torque). */
  readonly mode?: 'torque' | 'position';
  /** Position-mode gains (N·m/rad, N·m·s/rad); defaults 60 and 6. */
  readonly stiffness?: number;
  readonly damping?: number;
  /** Add an IMU on the forearm (default true). */
  readonly imu?: boolean;
}

/** RobotDesc of the arm. */
export function armRobot(o: ArmOptions = {}): RobotDescInput {
  const first = parseUrdf(ARM_URDF);
  const mode = o.mode ?? 'torque';
  const actuators: ActuatorDesc[] = ['base_yaw', 'shoulder', 'elbow'].map((j) => ({
    type: 'motor' as const, name: j, joint: j, mode, maxForce: first.effort[j]!,
    ...(mode === 'position' ? { stiffness: o.stiffness ?? 60, damping: o.damping ?? 6 } : {}),
  }));
  const { robot } = parseUrdf(ARM_URDF, {
    actuators,
    sensors: [
      { type: 'pose', name: 'hand', link: 'hand' },
      ...(o.imu === false ? [] : [{ type: 'imu' as const, name: 'forearm_imu', link: 'forearm', xyz: [0, 0, 0.125] as [number, number, number] }]),
    ],
  });
  return robot;
}
