/** Reading run folders (Node-only). */
export {
  readRun, readStreamFile, parseNdjson,
  type RunData, type RecordedStream, type AnalogStream, type SpikeStream, type EventStream, type StreamIndexEntry, type TrialRecord,
} from './read-run.js';
