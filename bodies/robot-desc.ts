/**
 * RobotDesc: a plain, serialisable description of a robot (links, joints, sensors, actuators).
 * One zod schema gives the TS types, the validation and a JSON Schema. Units are SI (m, kg, s, rad,
 * N, N·m) unless a field name says otherwise. Frames follow URDF: a joint's `xyz`/`rpy` place the
 * child link frame in the parent link frame at joint position 0; `axis` is in the joint (= child) frame.
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const positive = finite.refine((x) => x > 0, 'a positive number');
const nonNegative = finite.refine((x) => x >= 0, 'a number ≥ 0');
const vec3 = z.tuple([finite, finite, finite]);
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_\-]*$/, 'a name of letters, digits, _ and - (used in port names)');

/** Sensor noise model, applied in this order: latency, gaussian, quantisation. */
export const NoiseSchema = z.object({
  /** Standard deviation of additive gaussian noise, in the sensor's unit. */
  gaussianStd: nonNegative.optional(),
  /** Quantisation step (e.g. encoder resolution 2π/4096); the reading is rounded to a multiple of it. */
  quantum: positive.optional(),
  /** Transport latency in ms; must be a whole number of engine steps. */
  latencyMs: nonNegative.optional(),
}).strict();

/** Collision geometry attached to a link (in the link frame). Capsule/cylinder axes are link Z (URDF); capsule `length` excludes the caps; convex `points` is a flat x,y,z list. */
const ColliderUnion = z.union([
  z.object({ shape: z.literal('box'), size: z.tuple([positive, positive, positive]), xyz: vec3.optional(), rpy: vec3.optional(), friction: nonNegative.optional(), restitution: nonNegative.optional(), frictionCombine: z.enum(['average', 'min', 'max', 'multiply']).optional() }).strict(),
  z.object({ shape: z.literal('sphere'), radius: positive, xyz: vec3.optional(), rpy: vec3.optional(), friction: nonNegative.optional(), restitution: nonNegative.optional(), frictionCombine: z.enum(['average', 'min', 'max', 'multiply']).optional() }).strict(),
  z.object({ shape: z.literal('capsule'), radius: positive, length: positive, xyz: vec3.optional(), rpy: vec3.optional(), friction: nonNegative.optional(), restitution: nonNegative.optional(), frictionCombine: z.enum(['average', 'min', 'max', 'multiply']).optional() }).strict(),
  z.object({ shape: z.literal('cylinder'), radius: positive, length: positive, xyz: vec3.optional(), rpy: vec3.optional(), friction: nonNegative.optional(), restitution: nonNegative.optional(), frictionCombine: z.enum(['average', 'min', 'max', 'multiply']).optional() }).strict(),
  z.object({ shape: z.literal('convex'), points: z.array(finite).min(12), xyz: vec3.optional(), rpy: vec3.optional(), friction: nonNegative.optional(), restitution: nonNegative.optional(), frictionCombine: z.enum(['average', 'min', 'max', 'multiply']).optional() }).strict(),
]);
export const ColliderSchema = ColliderUnion;

/** Full symmetric inertia tensor about the centre of mass, in the `inertiaRpy` frame (URDF convention). */
export const InertiaSchema = z.object({
  ixx: nonNegative, ixy: finite.default(0), ixz: finite.default(0),
  iyy: nonNegative, iyz: finite.default(0), izz: nonNegative,
}).strict();

/** A rigid link. */
export const LinkSchema = z.object({
  name,
  /** kg; 0 is allowed only for the root of a fixed-base robot. */
  mass: nonNegative,
  /** Centre of mass in the link frame (m). */
  com: vec3.optional(),
  /** Orientation of the inertia frame relative to the link frame (URDF `<inertial><origin rpy>`). */
  inertiaRpy: vec3.optional(),
  inertia: InertiaSchema,
  colliders: z.array(ColliderUnion).default([]),
}).strict();

/** Joint limits (rad or m) and maximum effort (N·m or N) and speed (rad/s or m/s). */
export const LimitsSchema = z.object({
  lower: finite,
  upper: finite,
  effort: positive.optional(),
  velocity: positive.optional(),
}).strict();

/** A joint between a parent and a child link. */
export const JointSchema = z.object({
  name,
  type: z.enum(['revolute', 'continuous', 'prismatic', 'fixed', 'spherical']),
  parent: name,
  child: name,
  xyz: vec3.optional(),
  rpy: vec3.optional(),
  /** Joint axis in the joint frame (normalised on build); URDF default (1,0,0). */
  axis: vec3.optional(),
  limits: LimitsSchema.optional(),
  /** Viscous damping (N·m·s/rad or N·s/m). */
  damping: nonNegative.optional(),
}).strict();

const sensorBase = { name, noise: NoiseSchema.optional() };

/** Sensors. Each becomes one or more output ports named `<name>.<quantity>`. */
export const SensorSchema = z.discriminatedUnion('type', [
  /** `<name>.position` (rad | m) and `<name>.velocity` (rad/s | m/s) of a revolute/continuous/prismatic joint. */
  z.object({ type: z.literal('encoder'), joint: name, ...sensorBase }).strict(),
  /** `<name>.closure`: joint position mapped linearly so `open` → 0 and `closed` → 1 (eyelids, grippers). */
  z.object({ type: z.literal('closure'), joint: name, open: finite, closed: finite, ...sensorBase }).strict(),
  /** `<name>.orientation` (w,x,y,z), `<name>.angularVelocity` (rad/s, sensor frame), `<name>.linearAcceleration` (m/s², sensor frame, includes gravity: +g up at rest). */
  z.object({ type: z.literal('imu'), link: name, xyz: vec3.optional(), rpy: vec3.optional(), ...sensorBase }).strict(),
  /** `<name>.pose` [7] (x, y, z m; qw, qx, qy, qz): ground-truth world pose of a link (for metrics and odometry checks). */
  z.object({ type: z.literal('pose'), link: name, ...sensorBase }).strict(),
  /** `<name>.force` (N): total contact force magnitude on the link's colliders. */
  z.object({ type: z.literal('contact'), link: name, ...sensorBase }).strict(),
  /** `<name>.pressure` (Pa): contact force over `areaM2` plus fluid jets (air puffs) hitting the link. */
  z.object({ type: z.literal('pressure'), link: name, areaM2: positive, ...sensorBase }).strict(),
  /** `<name>.distance` (m): first hit along `direction` (link frame) from `xyz`, or `maxRangeM` if none. */
  z.object({ type: z.literal('ray'), link: name, xyz: vec3.optional(), direction: vec3, maxRangeM: positive, ...sensorBase }).strict(),
  /** `<name>.depth` [height, width] (m): pinhole depth image along the frame's +X axis (Y left, Z up); `maxRangeM` where nothing is hit. */
  z.object({ type: z.literal('depth'), link: name, xyz: vec3.optional(), rpy: vec3.optional(), width: z.number().int().positive(), height: z.number().int().positive(), fovDeg: positive, maxRangeM: positive, ...sensorBase }).strict(),
  /** `<name>.irradiance` (W/m²): light from the environment's sources on a surface facing `direction`. */
  z.object({ type: z.literal('light'), link: name, xyz: vec3.optional(), direction: vec3, ...sensorBase }).strict(),
  /** `<name>.level` (Pa RMS): sound pressure from the environment's tone sources at the microphone. */
  z.object({ type: z.literal('sound'), link: name, xyz: vec3.optional(), ...sensorBase }).strict(),
]);

/** Actuators. Each becomes an input port `<name>.command` (analog, shape [1]). */
export const ActuatorSchema = z.discriminatedUnion('type', [
  /**
   * Joint motor. `torque`: command is torque/force (N·m | N), saturated at `maxForce` (a physical
   * saturation, reported on `<name>.effort`). `position`: command is a target position (rad | m)
   * held by a PD drive (stiffness, damping) limited to `maxForce`. `velocity`: command is a target
   * speed with gain `damping`. `commandRange` (optional) rejects commands outside it; `scale`/`offset`
   * map the command to the physical target (target = offset + scale·command), e.g. closure 0..1 → rad.
   */
  z.object({
    type: z.literal('motor'), name, joint: name,
    mode: z.enum(['torque', 'position', 'velocity']),
    maxForce: positive,
    stiffness: nonNegative.optional(),
    damping: nonNegative.optional(),
    commandRange: z.tuple([finite, finite]).optional(),
    scale: finite.optional(),
    offset: finite.optional(),
  }).strict(),
  /**
   * Antagonist Hill-type muscle pair on a revolute joint: command [-1, 1] drives the flexor
   * (positive) or extensor (negative) activation through first-order activation dynamics.
   */
  z.object({
    type: z.literal('muscle'), name, joint: name,
    /** Maximum isometric force of each muscle (N). */
    maxIsometricForceN: positive,
    /** Moment arm (m), constant. */
    momentArmM: positive,
    /** Optimal fibre length (m) and rest fibre length at joint angle 0 (m). */
    optimalLengthM: positive,
    /** Maximum shortening velocity (optimal lengths per second). */
    maxVelocityLps: positive.default(10),
    activationTauMs: positive.default(10),
    deactivationTauMs: positive.default(40),
  }).strict(),
]);

/** How the robot is attached to the world. */
export const BaseSchema = z.object({
  type: z.enum(['fixed', 'floating']).default('fixed'),
  xyz: vec3.optional(),
  rpy: vec3.optional(),
}).strict();

/** A whole robot. The root link is the one that is nobody's child. */
export const RobotSchema = z.object({
  name,
  base: BaseSchema.default({ type: 'fixed' }),
  links: z.array(LinkSchema).min(1),
  joints: z.array(JointSchema).default([]),
  sensors: z.array(SensorSchema).default([]),
  actuators: z.array(ActuatorSchema).default([]),
}).strict();

/** A validated robot descriptor (defaults filled). */
export type RobotDesc = z.output<typeof RobotSchema>;
/** What users write (defaults optional). */
export type RobotDescInput = z.input<typeof RobotSchema>;
/** A link. */
export type LinkDesc = z.output<typeof LinkSchema>;
/** A joint. */
export type JointDesc = z.output<typeof JointSchema>;
/** A collider. */
export type ColliderDesc = z.output<typeof ColliderUnion>;
/** A sensor. */
export type SensorDesc = z.output<typeof SensorSchema>;
/** An actuator. */
export type ActuatorDesc = z.output<typeof ActuatorSchema>;
/** A noise model. */
export type NoiseDesc = z.output<typeof NoiseSchema>;
/** JSON Schema of RobotDesc (for editors and docs). */
export function robotJsonSchema(): unknown {
  return z.toJSONSchema(RobotSchema, { io: 'input', unrepresentable: 'any' });
}
