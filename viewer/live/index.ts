/** The live viewer (Node side): serve a bus or a recorded run to a Babylon.js page over ws on 127.0.0.1. */
export { startViewer, type StartViewerOptions } from './start-viewer.js';
export { serveSource, type ServeOptions, type ViewerHandle } from './server.js';
export { BusSource, busStreams, type BusSourceOptions, type ViewableBus } from './bus-source.js';
export { FrameCollector, type SyncLike } from './frame-collector.js';
export { Pacer, type PausableBus } from './pacer.js';
export { resolveScene, type SceneOptions } from './scene.js';
export type { ViewerSource } from './source.js';
export { pageBundle, pageHtml } from './bundle.js';
export {
  VIEWER_PROTOCOL_VERSION, parseControl, toPagePose,
  type ViewerStream, type LinkDesc, type BodiesDesc, type PopulationDesc, type FlashLayer, type TraceLayer, type GaugeLayer,
  type ViewerLayer, type SceneDesc, type HelloMsg, type FrameMsg, type StatusMsg, type ErrorMsg, type ServerMsg, type ControlMsg,
} from './protocol.js';
export { serveReplay, type ServeReplayOptions } from './serve-replay.js';
export { ReplaySource, type ReplayOptions } from './replay-source.js';
