/**
 * `startViewer({bus})`: serves the live viewer of a bus on 127.0.0.1 (used by
 * `neuroloop run <exp> --view`). The page shows the bodies, the brain, a raster and traces, and its
 * controls pause, resume, step and pace the bus.
 */
import type { ViewerLayer } from './protocol.js';
import { BusSource, type ViewableBus } from './bus-source.js';
import type { SceneOptions } from './scene.js';
import { serveSource, type ViewerHandle } from './server.js';

/** Options of startViewer. */
export interface StartViewerOptions {
  /** The bus to show (core/bus.ts `Bus`); subscribe before `bus.runUntil` so no frame is missed. */
  readonly bus: ViewableBus;
  /** TCP port (default 0 = a free port; see handle.url). */
  readonly port?: number;
  /** Bind address (default 127.0.0.1). */
  readonly host?: string;
  /** Extra visual layers registered by the experiment (air puff marker, eyelid trace, ...). */
  readonly layers?: readonly ViewerLayer[];
  /** Which streams are bodies, populations and traces (default: inferred; see scene.ts). */
  readonly scene?: SceneOptions;
  /** Page title. */
  readonly title?: string;
  /** Starting realtime factor (default 1; null = as fast as possible). */
  readonly speed?: number | null;
  /** Start paused until the page presses play (default false). */
  readonly paused?: boolean;
  /** Frames per wall second sent to pages (default 60). */
  readonly maxFps?: number;
}

/** Starts the live viewer (see file comment). */
export async function startViewer(opts: StartViewerOptions): Promise<ViewerHandle> {
  const source = new BusSource(opts.bus, {
    ...(opts.title !== undefined ? { title: opts.title } : {}),
    ...(opts.scene !== undefined ? { scene: opts.scene } : {}),
    ...(opts.layers !== undefined ? { layers: opts.layers } : {}),
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
    ...(opts.maxFps !== undefined ? { maxFps: opts.maxFps } : {}),
    ...(opts.paused !== undefined ? { paused: opts.paused } : {}),
  });
  try {
    return await serveSource(source, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host !== undefined ? { host: opts.host } : {}) });
  } catch (err) {
    source.dispose();
    throw err;
  }
}
