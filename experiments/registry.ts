/**
 * The experiments `neuroloop` knows, as an explicit value (nothing registers itself on import).
 * Each entry loads its module lazily so `neuroloop list` and `run` stay fast.
 */
import type { ExperimentModule } from './framework/define-experiment.js';

/** Loader of one experiment module. */
export type ExperimentLoader = () => Promise<ExperimentModule>;

/** Built-in experiments by name. */
export const experiments: Readonly<Record<string, ExperimentLoader>> = {
  eyeblink: async () => (await import('./eyeblink/index.js')).default,
  braitenberg: async () => (await import('./braitenberg/index.js')).default,
  'whole-brain': async () => (await import('./whole-brain/index.js')).default,
  'pendulum-onnx': async () => (await import('./pendulum/index.js')).default,
  hybrid: async () => (await import('./hybrid/index.js')).default,
  reaching: async () => (await import('./reaching/index.js')).default,
  demo: async () => (await import('./demo/index.js')).default,
};
