/** Public API of the experiment framework. */
export { defineExperiment, type ExperimentModule, type ExperimentSetup, type BuildContext, type PlotSpec } from './define-experiment.js';
export { runExperiment, resolveParams, expandTrials, type RunProgress, type RunnerHooks, type RunResult } from './runner.js';
export {
  RunFolder, readStream, readStreamIndex, readTrials, readLines, provenance, listRuns,
  type RunState, type RunStatus, type StreamData,
} from './run-folder.js';
export {
  EventDescSchema, PhaseDescSchema, ProtocolDescSchema, RecordSchema, PacingSchema, RunOptionsSchema, parseOrThrow, experimentJsonSchemas,
  type EventDesc, type PhaseDesc, type PhaseDescInput, type ProtocolDesc, type ProtocolDescInput, type RecordSpec, type Pacing, type RunOptions, type RunOptionsInput,
} from './schema.js';
export { parseAssignment, setPath, applySets } from './set-path.js';
