/** Public API of environments/: world descriptors, the world environment (devices, fields), shipped worlds. */
export {
  WorldSchema, WallSchema, ObjectSchema, LightSchema, ToneSchema, NozzleSchema, PayloadSchema,
  type WorldDesc, type WorldDescInput,
} from './world-desc.js';
export { validateWorld } from './validate-world.js';
export { WorldEnvironment } from './world-environment.js';
export { type BodyEnvironment, type SceneAccess } from './scene-types.js';
export { eyeblinkRig, type EyeblinkRigOptions } from './worlds/eyeblink-rig.js';
export { braitenbergArena, type BraitenbergArenaOptions } from './worlds/braitenberg-arena.js';
