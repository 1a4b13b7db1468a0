/**
 * Records chosen ports from the bus's sync$ stream into chunks handed to a `RecordingSink` as they
 * fill (or when a chunk's simulated span is reached), so a run that dies loses at most the current
 * chunk. Each chunk is one self-contained JSON line: analog `{"t":[ns...],"v":[...]}` (row-major,
 * t.length × size values), spikes `{"t":[ns...],"id":[...]}`, events `{"t":[ns...],"e":[...]}`.
 * Times are run-global: bus time plus the offset of the current trial (see `setOffset`), so a
 * multi-trial run has one monotonic time axis. JSON numbers round-trip float64 exactly, so the
 * recording of a deterministic run is bit-identical across runs.
 */
import type { Subscription } from 'rxjs';
import type { Bus, SyncEvent } from './bus.js';
import { ValidationError } from './errors.js';
import { type EventRecord, type PortDecl, type SpikeBatch, shapeSize } from './ports.js';
import type { TimeNs } from './time.js';

/** Where chunks go (a file per stream in a run folder, memory in tests, a socket...). */
export interface RecordingSink {
  /** Called once per stream before its first chunk. */
  open(stream: StreamInfo): void;
  /** Appends one chunk line (no trailing newline) to a stream. */
  append(key: string, line: string): void;
}

/** Description of a recorded stream (written to recording/index.json). */
export interface StreamInfo {
  readonly key: string;
  readonly kind: PortDecl['kind'];
  readonly shape?: readonly number[];
  readonly size?: number;
  readonly unit?: string;
  readonly everyNs?: TimeNs;
}

/** What to record. */
export interface RecordDesc {
  /** `engine.port`. */
  readonly port: string;
  /** Analog only: keep one sample per this many ns of simulated time (default: every update). */
  readonly everyNs?: TimeNs;
}

/** Options of a recorder. */
export interface RecorderOptions {
  /** Simulated span of one chunk (default 100 ms). */
  readonly chunkNs?: TimeNs;
  /** Maximum samples/spikes/events buffered before a flush (default 20,000). */
  readonly maxItems?: number;
}

interface Stream {
  readonly info: StreamInfo;
  readonly engine: string;
  readonly port: string;
  readonly size: number;
  readonly everyNs: TimeNs;
  nextSample: TimeNs;
  chunkStart: TimeNs;
  t: number[];
  v: number[];
  id: number[];
  e: EventRecord[];
  items: number;
}

/** Records ports of a bus (see file comment). */
export class Recorder {
  private readonly streams: Stream[] = [];
  private readonly byEngine = new Map<string, Stream[]>();
  private readonly chunkNs: TimeNs;
  private readonly maxItems: number;
  private offset: TimeNs = 0;
  private sub: Subscription | undefined;

  constructor(
    bus: Bus,
    records: readonly RecordDesc[],
    private readonly sink: RecordingSink,
    opts: RecorderOptions = {},
  ) {
    this.chunkNs = opts.chunkNs ?? 100_000_000;
    this.maxItems = opts.maxItems ?? 20_000;
    records.forEach((r, i) => {
      const dot = r.port.indexOf('.');
      const engineName = dot > 0 ? r.port.slice(0, dot) : '';
      const port = r.port.slice(dot + 1);
      const engine = bus.engines.find((e) => e.name === engineName);
      if (engine === undefined) {
        throw new ValidationError(`record[${i}].port`, r.port, `engine.port with a known engine (${bus.engines.map((e) => e.name).join(', ')})`, 'fix the engine name');
      }
      const decl = engine.ports.outputs[port];
      if (decl === undefined) {
        throw new ValidationError(`record[${i}].port`, r.port, `an output port of '${engineName}' (${Object.keys(engine.ports.outputs).join(', ')})`, 'fix the port name');
      }
      if (r.everyNs !== undefined && (!Number.isSafeInteger(r.everyNs) || r.everyNs <= 0)) {
        throw new ValidationError(`record[${i}].everyNs`, r.everyNs, 'a positive integer (ns)', 'give the sampling period in ns');
      }
      if (this.streams.some((s) => s.info.key === r.port)) {
        throw new ValidationError(`record[${i}].port`, r.port, 'each port once', 'remove the duplicate');
      }
      const info: StreamInfo =
        decl.kind === 'analog'
          ? { key: r.port, kind: 'analog', shape: decl.shape, ...(decl.unit ? { unit: decl.unit } : {}), ...(r.everyNs ? { everyNs: r.everyNs } : {}) }
          : decl.kind === 'spikes'
            ? { key: r.port, kind: 'spikes', size: decl.size }
            : { key: r.port, kind: 'events' };
      const s: Stream = {
        info, engine: engineName, port, size: decl.kind === 'analog' ? shapeSize(decl.shape) : 0,
        everyNs: r.everyNs ?? 0, nextSample: 0, chunkStart: 0, t: [], v: [], id: [], e: [], items: 0,
      };
      this.streams.push(s);
      const list = this.byEngine.get(engineName) ?? [];
      list.push(s);
      this.byEngine.set(engineName, list);
      sink.open(info);
    });
    this.sub = bus.sync$.subscribe((ev) => this.onSync(ev));
  }

  /** Sets the run-global time of bus time 0 (the runner calls this at each trial start). */
  setOffset(offsetNs: TimeNs): void {
    this.offset = offsetNs;
    for (const s of this.streams) s.nextSample = 0;
  }

  /** Writes every non-empty buffer as a chunk. */
  flush(): void {
    for (const s of this.streams) this.flushStream(s);
  }

  /** Flushes and stops listening. */
  close(): void {
    this.flush();
    this.sub?.unsubscribe();
    this.sub = undefined;
  }

  private onSync(ev: SyncEvent): void {
    for (let k = 0; k < ev.due.length; k++) {
      const list = this.byEngine.get(ev.due[k] as string);
      if (list === undefined) continue;
      const out = ev.outputs.get(ev.due[k] as string);
      if (out === undefined) continue;
      for (const s of list) this.take(s, ev.tNs, out[s.port]);
    }
  }

  private take(s: Stream, tNs: TimeNs, value: unknown): void {
    const tg = tNs + this.offset;
    if (s.items === 0) s.chunkStart = tg;
    switch (s.info.kind) {
      case 'analog': {
        if (s.everyNs > 0) {
          if (tNs < s.nextSample) return;
          s.nextSample = (Math.floor(tNs / s.everyNs) + 1) * s.everyNs;
        }
        const a = value as Float64Array;
        s.t.push(tg);
        for (let i = 0; i < a.length; i++) s.v.push(a[i] as number);
        s.items++;
        break;
      }
      case 'spikes': {
        const b = value as SpikeBatch;
        for (let i = 0; i < b.count; i++) {
          s.t.push((b.timesNs[i] as number) + this.offset);
          s.id.push(b.ids[i] as number);
        }
        s.items += b.count === 0 ? 0 : b.count;
        if (s.items === 0) s.chunkStart = tg;
        break;
      }
      case 'events': {
        const evs = value as readonly EventRecord[];
        for (const e of evs) {
          s.t.push(tg);
          s.e.push(e);
        }
        s.items += evs.length;
        if (s.items === 0) s.chunkStart = tg;
        break;
      }
    }
    if (s.items >= this.maxItems || (s.items > 0 && tg - s.chunkStart >= this.chunkNs)) this.flushStream(s);
  }

  private flushStream(s: Stream): void {
    if (s.items === 0) return;
    let line: string;
    if (s.info.kind === 'analog') line = JSON.stringify({ t: s.t, v: s.v });
    else if (s.info.kind === 'spikes') line = JSON.stringify({ t: s.t, id: s.id });
    else line = JSON.stringify({ t: s.t, e: s.e });
    this.sink.append(s.info.key, line);
    s.t = [];
    s.v = [];
    s.id = [];
    s.e = [];
    s.items = 0;
  }
}

/** A sink that keeps chunks in memory (tests, in-browser runs). */
export class MemorySink implements RecordingSink {
  readonly streams = new Map<string, StreamInfo>();
  readonly lines = new Map<string, string[]>();
  open(stream: StreamInfo): void {
    this.streams.set(stream.key, stream);
    this.lines.set(stream.key, []);
  }
  append(key: string, line: string): void {
    this.lines.get(key)?.push(line);
  }
}
