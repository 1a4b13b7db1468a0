/**
 * The viewer's websocket protocol (JSON text frames) and the declarative scene description the
 * page renders. Shared by the Node server and the browser page, so it imports nothing.
 *
 * server → page: `hello` once (streams, scene, layers), then `frame`s (at most `maxFps` per wall
 *   second; spikes and events accumulate between frames so none are lost; analog values are the
 *   latest at the frame's sync point) and `status` on every control change.
 * page → server: `pause`, `resume`, `step {ms}`, `speed {factor}` (factor null = as fast as possible).
 */

/** Protocol version in `hello`. */
export const VIEWER_PROTOCOL_VERSION = 1;

/** A stream the viewer can show (engine.port and its declaration). */
export interface ViewerStream {
  readonly key: string;
  readonly kind: 'analog' | 'spikes' | 'events';
  readonly shape?: readonly number[];
  readonly size?: number;
  readonly unit?: string;
}

/** One rigid link of a body, drawn as a primitive. */
export interface LinkDesc {
  readonly name: string;
  readonly shape: 'box' | 'sphere' | 'capsule' | 'cylinder';
  /** box: [x, y, z] full extents; sphere: [diameter]; capsule/cylinder: [diameter, height] (m). */
  readonly size: readonly number[];
  /** RGB in 0..1. */
  readonly color?: readonly [number, number, number];
}

/**
 * Bodies: link poses in metres. Either one analog stream `key` of shape [nLinks, 7] (row i = link
 * i), or one stream per link (`links[i].key`, shape [7], as bodies/ pose sensors expose them).
 * `quatOrder` says where the scalar part is; `zUp` marks a right-handed Z-up world (bodies/,
 * URDF), which the page maps onto Babylon's Y-up frame.
 */
export interface BodiesDesc {
  readonly key?: string;
  readonly links: readonly (LinkDesc & { readonly key?: string })[];
  /** 'xyzw' (default) or 'wxyz' (bodies/ pose sensors). */
  readonly quatOrder?: 'xyzw' | 'wxyz';
  /** World is right-handed Z-up (default false: the values are already in the page's Y-up frame). */
  readonly zUp?: boolean;
}

/**
 * Converts one pose (7 numbers at `offset`) to the page frame: position [x, y, z] and quaternion
 * [x, y, z, w]. Z-up → Y-up swaps y and z (a reflection, which also turns the right-handed frame
 * into Babylon's left-handed one); a rotation axis is a pseudo-vector, so under the swap the
 * quaternion becomes (−qx, −qz, −qy, qw).
 */
export function toPagePose(p: ArrayLike<number>, offset: number, quatOrder: 'xyzw' | 'wxyz', zUp: boolean): { pos: [number, number, number]; quat: [number, number, number, number] } {
  const x = p[offset] ?? 0, y = p[offset + 1] ?? 0, z = p[offset + 2] ?? 0;
  let qx: number, qy: number, qz: number, qw: number;
  if (quatOrder === 'wxyz') {
    qw = p[offset + 3] ?? 1; qx = p[offset + 4] ?? 0; qy = p[offset + 5] ?? 0; qz = p[offset + 6] ?? 0;
  } else {
    qx = p[offset + 3] ?? 0; qy = p[offset + 4] ?? 0; qz = p[offset + 5] ?? 0; qw = p[offset + 6] ?? 1;
  }
  if (!zUp) return { pos: [x, y, z], quat: [qx, qy, qz, qw] };
  return { pos: [x, z, y], quat: [-qx, -qz, -qy, qw] };
}

/** A neuron population (a spikes stream) laid out in 3D. */
export interface PopulationDesc {
  readonly key: string;
  readonly size: number;
  readonly label?: string;
  /** Neuron positions (x, y, z per neuron, brain-local units); default: a cube grid per population. */
  readonly positions?: readonly number[];
  readonly color?: readonly [number, number, number];
}

/** A 3D marker that lights up while an event of `type` on `key` is active (e.g. the air puff). */
export interface FlashLayer {
  readonly kind: 'flash';
  readonly name: string;
  readonly key: string;
  readonly type?: string;
  readonly shape?: 'sphere' | 'box' | 'cone';
  readonly position: readonly [number, number, number];
  readonly size?: number;
  readonly color?: readonly [number, number, number];
  /** How long one event keeps the marker lit (simulated ms, default 30). */
  readonly holdMs?: number;
}
/** A scrolling trace of one channel of an analog stream (e.g. the eyelid). */
export interface TraceLayer {
  readonly kind: 'trace';
  readonly name: string;
  readonly key: string;
  readonly channel?: number;
  readonly min?: number;
  readonly max?: number;
  readonly color?: string;
}
/** A 3D bar whose height follows one channel of an analog stream. */
export interface GaugeLayer {
  readonly kind: 'gauge';
  readonly name: string;
  readonly key: string;
  readonly channel?: number;
  readonly position: readonly [number, number, number];
  /** Metres of bar per unit of value (default 1). */
  readonly scale?: number;
  readonly color?: readonly [number, number, number];
}
/** Extra visual layers an experiment registers (no viewer internals touched). */
export type ViewerLayer = FlashLayer | TraceLayer | GaugeLayer;

/** What the page draws. */
export interface SceneDesc {
  readonly bodies?: BodiesDesc;
  readonly populations: readonly PopulationDesc[];
  /** Analog keys drawn as scrolling traces by default (first channel each). */
  readonly traces: readonly string[];
  /** Simulated window of the raster and traces (ms, default 1000). */
  readonly windowMs?: number;
}

/** server → page: first message. */
export interface HelloMsg {
  readonly type: 'hello';
  readonly version: number;
  readonly source: 'live' | 'replay';
  readonly title: string;
  readonly streams: readonly ViewerStream[];
  readonly scene: SceneDesc;
  readonly layers: readonly ViewerLayer[];
  readonly status: StatusMsg;
}
/** server → page: what happened since the previous frame. */
export interface FrameMsg {
  readonly type: 'frame';
  readonly tNs: number;
  /** Latest value of each analog stream (row-major). */
  readonly analog: Readonly<Record<string, readonly number[]>>;
  /** Spikes since the previous frame: ids and times (ns). */
  readonly spikes: Readonly<Record<string, { readonly id: readonly number[]; readonly t: readonly number[] }>>;
  /** Events since the previous frame. */
  readonly events: Readonly<Record<string, readonly { readonly t: number; readonly e: Readonly<Record<string, unknown>> }[]>>;
}
/** server → page: run state. */
export interface StatusMsg {
  readonly type: 'status';
  readonly tNs: number;
  readonly paused: boolean;
  /** Realtime factor, or null for as fast as possible. */
  readonly speed: number | null;
  readonly state: string;
}
/** server → page: a control message was rejected. */
export interface ErrorMsg {
  readonly type: 'error';
  readonly message: string;
}
/** Any server → page message. */
export type ServerMsg = HelloMsg | FrameMsg | StatusMsg | ErrorMsg;

/** page → server control messages. */
export type ControlMsg =
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step'; readonly ms: number }
  | { readonly type: 'speed'; readonly factor: number | null };

/** Validates a control message from the page; returns an error text or the message. */
export function parseControl(raw: unknown): ControlMsg | string {
  if (typeof raw !== 'object' || raw === null) return 'control message must be a JSON object';
  const m = raw as { type?: unknown; ms?: unknown; factor?: unknown };
  switch (m.type) {
    case 'pause':
    case 'resume':
      return { type: m.type };
    case 'step':
      if (typeof m.ms !== 'number' || !Number.isFinite(m.ms) || m.ms <= 0) return `step.ms must be a positive number of ms (got ${String(m.ms)})`;
      return { type: 'step', ms: m.ms };
    case 'speed':
      if (m.factor !== null && (typeof m.factor !== 'number' || !Number.isFinite(m.factor) || m.factor <= 0)) {
        return `speed.factor must be a positive number or null for as fast as possible (got ${String(m.factor)})`;
      }
      return { type: 'speed', factor: m.factor as number | null };
    default:
      return `unknown control message type '${String(m.type)}' (expected pause, resume, step, speed)`;
  }
}
