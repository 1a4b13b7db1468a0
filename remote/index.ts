/** Public API of remote/: the wire protocol, engine host and client, robots, bridges. */
export { PROTOCOL_VERSION, DEFAULT_LIMITS, type WireDtype, type WireArray, type WirePortValue, type Capability, type ClientMessage, type HostMessage, type HostLimits, type ProtocolErrorCode, type WireErrorDetail } from './protocol.js';
export { packFrame, unpackFrame } from './msgpack.js';
export { encodeArray, decodeArray, encodePortValue, decodePortValue, encodeValues, decodeInputs, decodeOutputs } from './wire-codec.js';
export { parseClientMessage, parseHostMessage } from './message-schema.js';
export { serveEngine, isLoopback, type ServeEngineOptions, type EngineHost, type FaultInjection } from './serve-engine.js';
export { RemoteEngine, type RemoteEngineOptions, type FaultPolicy, type RemoteFault } from './remote-engine.js';
export { LatencySeries, percentile, type LatencySummary } from './latency-stats.js';
export { type WallClockEngine, isWallClockEngine } from './wall-clock-engine.js';
