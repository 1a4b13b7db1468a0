/** `serveReplay(runDir)`: serves a recorded run in the viewer (used by `neuroloop view <run-folder>`). */
import { readRun } from '../run/read-run.js';
import { ReplaySource, type ReplayOptions } from './replay-source.js';
import { serveSource, type ServeOptions, type ViewerHandle } from './server.js';

/** Options of serveReplay. */
export type ServeReplayOptions = ReplayOptions & ServeOptions;

/** Reads the run folder and serves it on 127.0.0.1 (see handle.url). */
export async function serveReplay(runDir: string, opts: ServeReplayOptions = {}): Promise<ViewerHandle> {
  const source = new ReplaySource(readRun(runDir), opts);
  try {
    return await serveSource(source, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host !== undefined ? { host: opts.host } : {}) });
  } catch (err) {
    source.dispose();
    throw err;
  }
}
