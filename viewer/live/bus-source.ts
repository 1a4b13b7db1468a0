/**
 * A live bus as a viewer source: subscribes to `sync$`, accumulates frames (FrameCollector) and
 * emits one at most every 1/maxFps wall seconds, and maps the page's controls onto the bus through
 * the Pacer. It needs only the bus's public surface (engines' port declarations, sync$, pause,
 * resume, now, state).
 */
import type { Observable, Subscription } from 'rxjs';
import type { PortDecl } from '../../core/ports.js';
import { FrameCollector, type SyncLike } from './frame-collector.js';
import { Pacer } from './pacer.js';
import type { ControlMsg, FrameMsg, SceneDesc, StatusMsg, ViewerLayer, ViewerStream } from './protocol.js';
import { resolveScene, type SceneOptions } from './scene.js';
import type { ViewerSource } from './source.js';

/** The bus surface the viewer uses (core/bus.ts `Bus` satisfies it). */
export interface ViewableBus {
  readonly engines: readonly { readonly name: string; readonly ports: { readonly outputs: Readonly<Record<string, PortDecl>> } }[];
  readonly sync$: Observable<SyncLike>;
  readonly now: number;
  readonly state: string;
  pause(): void;
  resume(): void;
}

/** Options of a live source. */
export interface BusSourceOptions {
  readonly title?: string;
  readonly scene?: SceneOptions;
  readonly layers?: readonly ViewerLayer[];
  /** Realtime factor to start with (default 1; null = as fast as possible). */
  readonly speed?: number | null;
  /** Frames per wall second sent to pages (default 60). */
  readonly maxFps?: number;
  /** Start paused (default false). */
  readonly paused?: boolean;
}

/** Streams of a bus: every output port of every engine. */
export function busStreams(bus: ViewableBus): ViewerStream[] {
  const out: ViewerStream[] = [];
  for (const e of bus.engines) {
    for (const [port, d] of Object.entries(e.ports.outputs)) {
      const key = `${e.name}.${port}`;
      if (d.kind === 'analog') out.push({ key, kind: 'analog', shape: d.shape, ...(d.unit ? { unit: d.unit } : {}) });
      else if (d.kind === 'spikes') out.push({ key, kind: 'spikes', size: d.size });
      else out.push({ key, kind: 'events' });
    }
  }
  return out;
}

/** A live bus behind the ViewerSource interface (see file comment). */
export class BusSource implements ViewerSource {
  readonly kind = 'live' as const;
  readonly title: string;
  readonly streams: readonly ViewerStream[];
  readonly scene: SceneDesc;
  readonly layers: readonly ViewerLayer[];
  private readonly collector: FrameCollector;
  private readonly pacer: Pacer;
  private readonly frameEveryMs: number;
  private lastFrameWall = -Infinity;
  private lastFrameTNs: number | undefined;
  private readonly frameSubs = new Set<(f: FrameMsg) => void>();
  private readonly statusSubs = new Set<(s: StatusMsg) => void>();
  private readonly sub: Subscription;

  constructor(private readonly bus: ViewableBus, opts: BusSourceOptions = {}) {
    this.title = opts.title ?? 'neuroloop live';
    this.streams = busStreams(bus);
    this.layers = opts.layers ?? [];
    this.scene = resolveScene(this.streams, opts.scene, this.layers);
    this.collector = new FrameCollector(this.streams);
    this.frameEveryMs = 1000 / (opts.maxFps ?? 60);
    this.pacer = new Pacer(bus, opts.speed === undefined ? 1 : opts.speed, () => this.emitStatus());
    if (opts.paused) this.pacer.pause();
    this.sub = bus.sync$.subscribe({
      next: (ev) => {
        this.collector.add(ev);
        this.pacer.onSync(ev.tNs);
        const now = performance.now();
        // A paused/stepped bus stops at this sync point: flush so the page shows where it stopped.
        if (now - this.lastFrameWall >= this.frameEveryMs || this.pacer.paused) {
          this.lastFrameWall = now;
          this.emitFrame();
        }
      },
      complete: () => this.emitStatus(),
    });
  }

  status(): StatusMsg {
    return { type: 'status', tNs: this.bus.now, paused: this.pacer.paused, speed: this.pacer.factor, state: this.bus.state };
  }

  control(msg: ControlMsg): void {
    if (msg.type === 'pause') {
      this.pacer.pause();
      // The bus may already be held at a sync point (the realtime throttle pauses it between
      // frames): no further sync comes, so the page gets the frame of where it stands now.
      if (this.collector.time !== this.lastFrameTNs) this.emitFrame();
    }
    else if (msg.type === 'resume') this.pacer.resume();
    else if (msg.type === 'step') this.pacer.step(msg.ms);
    else this.pacer.setSpeed(msg.factor);
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
    this.sub.unsubscribe();
    this.pacer.dispose();
    this.frameSubs.clear();
    this.statusSubs.clear();
  }

  private emitFrame(): void {
    const f = this.collector.take();
    this.lastFrameTNs = f.tNs;
    for (const cb of this.frameSubs) cb(f);
  }

  private emitStatus(): void {
    const s = this.status();
    for (const cb of this.statusSubs) cb(s);
  }
}
