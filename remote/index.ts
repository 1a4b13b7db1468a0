/** Public API of remote/: the wire protocol, engine host and client, robots, bridges. */
export { PROTOCOL_VERSION, DEFAULT_LIMITS, type WireDtype, type WireArray, type WirePortValue, type Capability, type ClientMessage, type HostMessage, type HostLimits, type ProtocolErrorCode, type WireErrorDetail } from './protocol.js';
export { packFrame, unpackFrame } from './msgpack.js';
export { encodeArray, decodeArray, encodePortValue, decodePortValue, encodeValues, decodeInputs, decodeOutputs } from './wire-codec.js';
export { parseClientMessage, parseHostMessage } from './message-schema.js';
export { serveEngine, isLoopback, type ServeEngineOptions, type EngineHost, type FaultInjection } from './serve-engine.js';
export { RemoteEngine, type RemoteEngineOptions, type FaultPolicy, type RemoteFault } from './remote-engine.js';
export { LatencySeries, percentile, type LatencySummary } from './latency-stats.js';
export { type WallClockEngine, isWallClockEngine } from './wall-clock-engine.js';
export { RobotAgentEngine, serveRobot, type RobotIo, type RobotAgentOptions } from './robot-agent.js';
export { BodyStandIn, type BodyStandInOptions } from './body-stand-in.js';
export { spawnHost, type ChildHost } from './spawn-host.js';
export { RosbridgeServer, type RosbridgeServerOptions, type RosMessage, type RosServiceHandler } from './rosbridge-server.js';
export { ROS_TYPES, rosTime, jointStateMsg, spikeBatchMsg, float64ArrayData } from './ros-messages.js';
export { bridgeBusToRos, RosTopicEngine, type RosBridgeOptions, type RosTopicEngineOptions } from './ros-bus-bridge.js';
export { RoslibRobotIo, type RoslibRobotOptions } from './roslib-robot-io.js';
export { roslib, type RoslibModule, type RoslibRos, type RoslibTopic, type RoslibService } from './roslib-module.js';
export { FoxgloveBridge, SPIKE_BATCH_SCHEMA, type FoxgloveBridgeOptions, type FoxgloveServerOptions } from './foxglove-bridge.js';
