/**
 * Turns the bus's sync points into viewer frames. Spikes and events are taken only from engines
 * due at a sync point (the others are zero-order holds of outputs already counted) and accumulate
 * until the next frame, so the page sees every spike even though it draws at ~60 fps while the
 * bus syncs at 10 kHz. Analog values are copied at frame time (engines may reuse buffers).
 */
import type { Outputs, SpikeBatch } from '../../core/ports.js';
import type { FrameMsg, ViewerStream } from './protocol.js';

/** The part of a bus SyncEvent the viewer needs. */
export interface SyncLike {
  readonly tNs: number;
  readonly due: readonly string[];
  readonly outputs: ReadonlyMap<string, Outputs>;
}

interface Acc {
  readonly engine: string;
  readonly port: string;
  readonly key: string;
  id: number[];
  t: number[];
  e: { t: number; e: Readonly<Record<string, unknown>> }[];
}

/** Accumulates sync points of the chosen streams into frames. */
export class FrameCollector {
  private readonly spikes: Acc[] = [];
  private readonly events: Acc[] = [];
  private readonly analog: { engine: string; port: string; key: string }[] = [];
  private latest: ReadonlyMap<string, Outputs> = new Map();
  private tNs = 0;
  /** Spikes accumulated since the last frame (all populations). */
  pendingSpikes = 0;

  constructor(streams: readonly ViewerStream[]) {
    for (const s of streams) {
      const dot = s.key.indexOf('.');
      const ref = { engine: s.key.slice(0, dot), port: s.key.slice(dot + 1), key: s.key };
      if (s.kind === 'analog') this.analog.push(ref);
      else if (s.kind === 'spikes') this.spikes.push({ ...ref, id: [], t: [], e: [] });
      else this.events.push({ ...ref, id: [], t: [], e: [] });
    }
  }

  /** Simulated time (ns) of the latest sync point taken in. */
  get time(): number {
    return this.tNs;
  }

  /** Takes in one sync point. */
  add(ev: SyncLike): void {
    this.tNs = ev.tNs;
    this.latest = ev.outputs;
    for (const a of this.spikes) {
      if (!ev.due.includes(a.engine)) continue;
      const b = ev.outputs.get(a.engine)?.[a.port] as SpikeBatch | undefined;
      if (b === undefined) continue;
      for (let i = 0; i < b.count; i++) {
        a.id.push(b.ids[i] as number);
        a.t.push(b.timesNs[i] as number);
      }
      this.pendingSpikes += b.count;
    }
    for (const a of this.events) {
      if (!ev.due.includes(a.engine)) continue;
      const list = ev.outputs.get(a.engine)?.[a.port] as readonly Readonly<Record<string, unknown>>[] | undefined;
      if (list === undefined) continue;
      for (const e of list) a.e.push({ t: ev.tNs, e });
    }
  }

  /** Builds the frame for everything since the previous one and starts a new accumulation. */
  take(): FrameMsg {
    const analog: Record<string, number[]> = {};
    for (const a of this.analog) {
      const v = this.latest.get(a.engine)?.[a.port];
      if (v instanceof Float64Array) analog[a.key] = Array.from(v);
    }
    const spikes: Record<string, { id: number[]; t: number[] }> = {};
    for (const a of this.spikes) {
      spikes[a.key] = { id: a.id, t: a.t };
      a.id = [];
      a.t = [];
    }
    const events: Record<string, { t: number; e: Readonly<Record<string, unknown>> }[]> = {};
    for (const a of this.events) {
      if (a.e.length > 0) events[a.key] = a.e;
      a.e = [];
    }
    this.pendingSpikes = 0;
    return { type: 'frame', tNs: this.tNs, analog, spikes, events };
  }
}
