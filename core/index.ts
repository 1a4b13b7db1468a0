/** Public API of core/: time, errors, ports, the engine contract, random streams. */
export { NeuroloopError, ValidationError, UnsupportedFeatureError, EngineError, ProtocolError, SimulationError, formatNs } from './errors.js';
export { type TimeNs, NS_PER_US, NS_PER_MS, NS_PER_S, msToNs, usToNs, sToNs, nsToMs, nsToS, assertPositiveNs, gcd } from './time.js';
export {
  type AnalogPortDecl, type SpikesPortDecl, type EventsPortDecl, type PortDecl, type PortKind, type PortSpec,
  type SpikeBatch, type EventRecord, type AnalogValue, type EventsValue, type PortValue, type Inputs, type Outputs,
  shapeSize, NO_SPIKES, spikeBatch, isSpikeBatch, checkPortValue, emptyValue,
} from './ports.js';
export { type Engine, type EngineContext, type ResetOptions, type EngineCoupling, isPromiseLike } from './engine.js';
export { checkInputs, checkStep } from './check-inputs.js';
export { Rng, deriveSeed, hashString } from './random.js';
export {
  Bus, type BusOptions, type SyncEvent, type PhaseEvent, type TimingSummary, type PathLatency, type BusState, type RunEnd,
} from './bus.js';
export {
  defineTransceiver, events, type Transceiver, type TransceiverDesc, type TransceiverContext, type TrialInfo, type TrialEvent,
  type PortRef, type PortRefs,
} from './transceiver.js';
export { type PacingOptions, RealtimeOverrunError, checkPacing, yieldToHost, waitUntil } from './pacing.js';
export { binSpikes, type SpikeBin } from './operators/bin-spikes.js';
export { sampleEvery } from './operators/sample-every.js';
export { Recorder, MemorySink, type RecordingSink, type StreamInfo, type RecordDesc, type RecorderOptions } from './recorder.js';
