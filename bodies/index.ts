/** Public API of bodies/: robot descriptors, the builder, the Rapier body engine, shipped robots. */
export {
  RobotSchema, LinkSchema, JointSchema, SensorSchema, ActuatorSchema, ColliderSchema, NoiseSchema, BaseSchema, InertiaSchema, LimitsSchema,
  robotJsonSchema,
  type RobotDesc, type RobotDescInput, type LinkDesc, type JointDesc, type ColliderDesc, type SensorDesc, type ActuatorDesc, type NoiseDesc,
} from './robot-desc.js';
export { validateRobot } from './validate-robot.js';
export { buildRobot, colliderDesc, type RobotLayout, type JointLayout } from './build-robot.js';
export { BodyEngine, type BodyEngineOptions } from './body-engine.js';
export { type BodyEnvironment, type SceneAccess } from './scene.js';
export { loadRapier, type RapierModule, type RapierWorld, type RapierBody } from './rapier.js';
export { RobotRuntime } from './robot-runtime.js';
export { type Vec3, type Quat, diagonalizeInertia, quatFromRpy, quatMul, rotate, type PrincipalInertia } from './math3d.js';
export { forceLength, forceVelocity, passiveForce } from './actuators/hill-muscle.js';
export { pendulumRobot, pendulumInertia, type PendulumOptions } from './robots/pendulum.js';
export { cartPoleRobot, type CartPoleOptions } from './robots/cart-pole.js';
export { parseUrdf, type UrdfOptions, type UrdfImport } from './urdf/parse-urdf.js';
export { parseStl } from './urdf/stl.js';
export { eyeblinkHeadRobot, EYEBLINK_HEAD_URDF, EYELID_CLOSED_RAD, CORNEA_RADIUS_M, type EyeblinkHeadOptions } from './robots/eyeblink-head.js';
export { armRobot, ARM_URDF, type ArmOptions } from './robots/arm.js';
export { roverRobot, ROVER_URDF, ROVER_WHEEL_RADIUS_M, ROVER_WHEEL_SEPARATION_M, type RoverOptions } from './robots/rover.js';
export { sceneShapes, type RenderShape } from './render/scene-shapes.js';
export { renderShapes, type CameraPose } from './render/babylon-render.js';
