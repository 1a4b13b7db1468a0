/**
 * An Engine that runs the closed loop against a SpiNNaker board in real time (1 ms ticks), over
 * the live I/O protocol of {@link LiveEventConnection}. Node-only.
 *
 * Ports: one `spikes` input per injector label (atoms are injected as they arrive at each sync
 * point) and one `spikes` output per live-output label (spikes the LPG stamped with ticks before
 * `to`, with times = tick · 1 ms), plus a `status` events output that reports late spikes (stamped
 * before an already-returned boundary: delivered in the next step with their true time, never
 * dropped) and protocol problems counted by the connection.
 *
 * Real time: the board ticks on its own clock; `advance(to)` waits until wall time reaches
 * start + to + `latencyMarginMs` so that LPG packets for the last tick (sent at the start of the
 * next tick) have arrived. Results depend on wall-clock timing, so this engine is not bit
 * deterministic; the loop latency (one bus step + margin) is stated in `coupling` metadata.
 */
import { performance } from 'node:perf_hooks';
import { checkInputs, checkStep } from '../../core/check-inputs.js';
import type { Engine, EngineContext, ResetOptions } from '../../core/engine.js';
import { EngineError, ValidationError } from '../../core/errors.js';
import { type EventRecord, type Inputs, type Outputs, type PortDecl, type PortSpec, type SpikeBatch, NO_SPIKES } from '../../core/ports.js';
import { NS_PER_MS, type TimeNs } from '../../core/time.js';
import type { LiveEventConnection } from './live-event-connection.js';

/** What makes the toolchain run (and stop) a simulation: a stand-in, or a launched sPyNNaker script. */
export interface LiveSession {
  /** Starts a run; the toolchain then sends DATABASE and START_RESUME to the connection. */
  start(): Promise<void>;
  /** Stops the run (the toolchain sends PAUSE_STOP). */
  stop(): Promise<void>;
  /** Releases the session's resources. */
  dispose?(): Promise<void>;
}

/** Options of the SpiNNaker live engine. */
export interface SpinnakerLiveEngineOptions {
  readonly name?: string;
  readonly connection: LiveEventConnection;
  readonly session: LiveSession;
  /** Injector populations: label and size. */
  readonly inputs: readonly { label: string; size: number }[];
  /** Live-output populations: label and size. */
  readonly outputs: readonly { label: string; size: number }[];
  /** Extra wall-clock wait after each step boundary for LPG packets to arrive (ms, default 3). */
  readonly latencyMarginMs?: number;
  /** How long to wait for START_RESUME (ms, default 15 000). */
  readonly startTimeoutMs?: number;
  /** Send 32-bit keys instead of 16-bit atom ids. */
  readonly sendFullKeys?: boolean;
}

/** SpiNNaker live engine (see file comment). */
export class SpinnakerLiveEngine implements Engine {
  readonly name: string;
  readonly dt: TimeNs = NS_PER_MS;
  readonly ports: PortSpec;
  private now: TimeNs = 0;
  private t0 = 0;
  private started = false;
  private startWaiter: (() => void) | undefined;
  private connected = false;
  private disposed = false;
  private readonly buffers = new Map<string, { tick: number; atom: number }[]>();
  private late = 0;
  private lastStats = '';

  constructor(private readonly o: SpinnakerLiveEngineOptions) {
    this.name = o.name ?? 'spinnaker';
    const ins: Record<string, PortDecl> = {};
    const outs: Record<string, PortDecl> = {};
    for (const i of o.inputs) ins[i.label] = { kind: 'spikes', size: i.size, description: `injected into SpiNNaker population '${i.label}'` };
    for (const i of o.outputs) {
      if (i.label === 'status') throw new ValidationError(`${this.name}.outputs.label`, i.label, 'a label other than "status"', 'rename the population');
      outs[i.label] = { kind: 'spikes', size: i.size, description: `live output of SpiNNaker population '${i.label}'` };
      this.buffers.set(i.label, []);
    }
    outs.status = { kind: 'events', description: 'late spikes and protocol problems' };
    this.ports = { inputs: ins, outputs: outs };
  }

  async init(ctx: EngineContext): Promise<Outputs> {
    void ctx;
    if (!this.connected) {
      this.connected = true;
      await this.o.connection.start();
      this.o.connection.onReceive((label, time, atoms) => {
        const b = this.buffers.get(label);
        if (b === undefined || time === null) return;
        for (const a of atoms) b.push({ tick: time, atom: a });
      });
      this.o.connection.onStart(() => {
        this.t0 = performance.now();
        this.started = true;
        this.startWaiter?.();
      });
      this.o.connection.onStop(() => {
        this.started = false;
      });
    }
    await this.startRun();
    return this.empty();
  }

  async advance(to: TimeNs, inputs: Inputs): Promise<Outputs> {
    checkStep(this.name, this.now, this.dt, to);
    checkInputs(this.name, this.ports, inputs);
    if (!this.started) throw new EngineError(this.name, this.now, 'the board is not running (no START_RESUME, or PAUSE_STOP received)');
    for (const i of this.o.inputs) {
      const v = inputs[i.label] as SpikeBatch | undefined;
      if (v === undefined || v.count === 0) continue;
      this.o.connection.sendSpikes(i.label, Array.from(v.ids.subarray(0, v.count)), this.o.sendFullKeys ?? false);
    }
    const deadline = this.t0 + to / NS_PER_MS + (this.o.latencyMarginMs ?? 3);
    const behindMs = performance.now() - deadline;
    await sleepUntil(deadline); // always yields once, so socket callbacks run even when behind
    const limitTick = to / NS_PER_MS; // spikes stamped with ticks < limitTick belong to [.., to)
    const nowTick = this.now / NS_PER_MS;
    const out: Record<string, SpikeBatch | EventRecord[]> = {};
    let lateNow = 0;
    for (const [label, b] of this.buffers) {
      const keep: { tick: number; atom: number }[] = [];
      const ids: number[] = [];
      const times: number[] = [];
      for (const s of b) {
        if (s.tick < limitTick) {
          if (s.tick < nowTick) lateNow++;
          ids.push(s.atom);
          times.push(s.tick * NS_PER_MS);
        } else keep.push(s);
      }
      this.buffers.set(label, keep);
      out[label] = ids.length === 0 ? NO_SPIKES : { ids: Int32Array.from(ids), timesNs: Float64Array.from(times), count: ids.length };
    }
    this.late += lateNow;
    const status: EventRecord[] = [];
    if (lateNow > 0) status.push({ type: 'late-spikes', count: lateNow, totalLate: this.late });
    if (behindMs > 10) status.push({ type: 'realtime-overrun', behindMs });
    const st = this.o.connection.stats;
    const s = `${st.malformed},${st.unknownKeys}`;
    if (s !== this.lastStats) {
      this.lastStats = s;
      if (st.malformed + st.unknownKeys > 0) status.push({ type: 'protocol', malformed: st.malformed, unknownKeys: st.unknownKeys });
    }
    out.status = status;
    this.now = to;
    return out;
  }

  async reset(opts?: ResetOptions): Promise<Outputs> {
    void opts; // a board run restarts from its loaded state; nothing can be kept across runs here
    await this.o.session.stop();
    this.started = false;
    await this.startRun();
    return this.empty();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    try {
      if (this.started) await this.o.session.stop();
    } finally {
      await this.o.session.dispose?.();
      await this.o.connection.close();
    }
  }

  private async startRun(): Promise<void> {
    for (const k of this.buffers.keys()) this.buffers.set(k, []);
    this.late = 0;
    this.now = 0;
    const started = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EngineError(this.name, 0, `no START_RESUME within ${this.o.startTimeoutMs ?? 15_000} ms`)), this.o.startTimeoutMs ?? 15_000);
      this.startWaiter = () => {
        clearTimeout(timer);
        this.startWaiter = undefined;
        resolve();
      };
    });
    await this.o.session.start();
    await started;
  }

  private empty(): Outputs {
    const out: Record<string, SpikeBatch | EventRecord[]> = {};
    for (const i of this.o.outputs) out[i.label] = NO_SPIKES;
    out.status = [];
    return out;
  }
}

async function sleepUntil(deadlineMs: number): Promise<void> {
  const remaining = deadlineMs - performance.now();
  if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
  else await new Promise((r) => setImmediate(r));
}
