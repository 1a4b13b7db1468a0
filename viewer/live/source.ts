/** What the viewer server shows: a live bus or a recorded run, behind one small interface. */
import type { ControlMsg, FrameMsg, SceneDesc, StatusMsg, ViewerLayer, ViewerStream } from './protocol.js';

/** A source of frames the viewer server broadcasts. */
export interface ViewerSource {
  readonly kind: 'live' | 'replay';
  readonly title: string;
  readonly streams: readonly ViewerStream[];
  readonly scene: SceneDesc;
  readonly layers: readonly ViewerLayer[];
  status(): StatusMsg;
  /** Applies a control message from a page. */
  control(msg: ControlMsg): void;
  /** Subscribes to frames and status changes; returns the unsubscribe function. */
  subscribe(onFrame: (f: FrameMsg) => void, onStatus: (s: StatusMsg) => void): () => void;
  /** Called when a page connects (a replay starts playing at the first one). */
  onConnect?(): void;
  dispose(): void;
}
