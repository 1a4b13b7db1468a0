/** Public API of experiments/env: Gymnasium-style Env and vector env over any experiment's bus. */
export {
  type BoxSpace, type DiscreteSpace, type Space, box, discrete, spaceSize, checkInSpace, inSpace, sampleSpace, spaceToJSON, spaceFromJSON,
} from './spaces.js';
export { BusEnv, type Env, type EnvSpec, type EnvWorld, type EnvStepContext, type ResetArgs, type ResetResult, type StepResult } from './bus-env.js';
export { VectorEnv, type VectorStepResult, type VectorResetResult } from './vector-env.js';
export { EnvEngine } from './env-engine.js';
