/**
 * A recorded run folder as a viewer source (`neuroloop view <run-folder>`): plays the recording
 * back on a wall-clock timer (started when the first page connects) at a realtime factor, with the same frames (latest analog sample,
 * spikes and events since the previous frame) and the same pause/step/speed controls as a live bus.
 */
import type { RunData } from '../run/read-run.js';
import type { ControlMsg, FrameMsg, SceneDesc, StatusMsg, ViewerLayer, ViewerStream } from './protocol.js';
import { resolveScene, type SceneOptions } from './scene.js';
import type { ViewerSource } from './source.js';

/** Options of a replay. */
export interface ReplayOptions {
  readonly scene?: SceneOptions;
  readonly layers?: readonly ViewerLayer[];
  /** Starting realtime factor (default 1; null = 100 ms of recording per tick). */
  readonly speed?: number | null;
  /** Start paused (default false). */
  readonly paused?: boolean;
  /** Wall ms between frames (default 16). */
  readonly tickMs?: number;
}

interface Cursor {
  readonly key: string;
  readonly kind: ViewerStream['kind'];
  readonly t: Float64Array;
  readonly width: number;
  readonly v?: Float64Array;
  readonly id?: Int32Array;
  readonly e?: readonly Record<string, unknown>[];
  i: number;
}

/** Plays a run back (see file comment). */
export class ReplaySource implements ViewerSource {
  readonly kind = 'replay' as const;
  readonly title: string;
  readonly streams: readonly ViewerStream[];
  readonly scene: SceneDesc;
  readonly layers: readonly ViewerLayer[];
  /** Simulated time of the last frame (ns). */
  tNs = 0;
  readonly endNs: number;
  private speed: number | null;
  private paused: boolean;
  private stepTarget: number | undefined;
  private readonly cursors: Cursor[];
  private readonly tickMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly frameSubs = new Set<(f: FrameMsg) => void>();
  private readonly statusSubs = new Set<(s: StatusMsg) => void>();

  constructor(run: RunData, opts: ReplayOptions = {}) {
    this.title = `${String(run.experiment.name ?? 'run')} (replay)`;
    this.streams = run.streams.map((s) => ({
      key: s.info.key, kind: s.kind, ...(s.info.shape ? { shape: s.info.shape } : {}), ...(s.kind === 'spikes' ? { size: s.size } : {}), ...(s.info.unit ? { unit: s.info.unit } : {}),
    }));
    this.layers = opts.layers ?? [];
    this.scene = resolveScene(this.streams, opts.scene, this.layers);
    this.cursors = run.streams.map((s) =>
      s.kind === 'analog' ? { key: s.info.key, kind: s.kind, t: s.t, width: s.width, v: s.v, i: 0 }
        : s.kind === 'spikes' ? { key: s.info.key, kind: s.kind, t: s.t, width: 1, id: s.id, i: 0 }
          : { key: s.info.key, kind: s.kind, t: s.t, width: 1, e: s.e, i: 0 });
    let end = 0;
    for (const c of this.cursors) if (c.t.length > 0) end = Math.max(end, c.t[c.t.length - 1] as number);
    this.endNs = end;
    this.speed = opts.speed === undefined ? 1 : opts.speed;
    this.paused = opts.paused ?? false;
    this.tickMs = opts.tickMs ?? 16;
  }

  /** Starts the playback clock when the first page connects, so it sees the run from its start. */
  onConnect(): void {
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  status(): StatusMsg {
    return { type: 'status', tNs: this.tNs, paused: this.paused, speed: this.speed, state: this.tNs >= this.endNs ? 'completed' : this.paused ? 'paused' : 'running' };
  }

  control(msg: ControlMsg): void {
    if (msg.type === 'pause') this.paused = true;
    else if (msg.type === 'resume') this.paused = false;
    else if (msg.type === 'step') {
      this.paused = true;
      this.advanceTo(Math.min(this.endNs, this.tNs + Math.round(msg.ms * 1e6)));
    } else this.speed = msg.factor;
    this.stepTarget = undefined;
    this.emitStatus();
  }

  subscribe(onFrame: (f: FrameMsg) => void, onStatus: (s: StatusMsg) => void): () => void {
    this.frameSubs.add(onFrame);
    this.statusSubs.add(onStatus);
    return () => {
      this.frameSubs.delete(onFrame);
      this.statusSubs.delete(onStatus);
    };
  }

  dispose(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.frameSubs.clear();
    this.statusSubs.clear();
  }

  /** Moves playback to `toNs` and emits the frame for (previous, toNs]. */
  advanceTo(toNs: number): FrameMsg {
    const analog: Record<string, number[]> = {};
    const spikes: Record<string, { id: number[]; t: number[] }> = {};
    const events: Record<string, { t: number; e: Record<string, unknown> }[]> = {};
    for (const c of this.cursors) {
      const start = c.i;
      while (c.i < c.t.length && (c.t[c.i] as number) <= toNs) c.i++;
      if (c.kind === 'analog') {
        if (c.i > 0 && c.v) analog[c.key] = Array.from(c.v.subarray((c.i - 1) * c.width, c.i * c.width));
      } else if (c.kind === 'spikes') {
        spikes[c.key] = { id: Array.from((c.id as Int32Array).subarray(start, c.i)), t: Array.from(c.t.subarray(start, c.i)) };
      } else if (c.i > start) {
        events[c.key] = Array.from({ length: c.i - start }, (_, k) => ({ t: c.t[start + k] as number, e: (c.e as Record<string, unknown>[])[start + k] as Record<string, unknown> }));
      }
    }
    this.tNs = toNs;
    const f: FrameMsg = { type: 'frame', tNs: toNs, analog, spikes, events };
    for (const cb of this.frameSubs) cb(f);
    return f;
  }

  private tick(): void {
    if (this.paused || this.tNs >= this.endNs) return;
    const dNs = this.speed === null ? 100e6 : Math.max(1, Math.round(this.tickMs * 1e6 * this.speed));
    this.advanceTo(Math.min(this.endNs, this.tNs + dNs));
    if (this.tNs >= this.endNs) this.emitStatus();
  }

  private emitStatus(): void {
    const s = this.status();
    for (const cb of this.statusSubs) cb(s);
  }
}
