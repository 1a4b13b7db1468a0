/**
 * The time-synchronised bus: the one place that advances simulated time.
 *
 * Semantics (DESIGN.md §2). Every engine is synchronised at each multiple of its own dt. At a sync
 * point t the bus
 *   1. gathers the outputs of the engines due at t (their step [t-dt, t) has finished),
 *   2. runs the transceivers that write to a due engine, in declared order, on the latest outputs
 *      of every engine (engines not due hold their last analog outputs: zero-order hold; spike
 *      and event ports deliver everything emitted since the transceiver last ran, so a slow
 *      reader of a fast spiking engine loses no spike),
 *   3. hands each due engine its inputs and starts its next step [t, t+dt).
 * Outputs gathered at t depend only on state at t (Jacobi coupling), so results do not depend on
 * the order engines run in or on whether they run concurrently. An input computed at t acts during
 * [t, t+dt) and shows in the target's outputs at t+dt: each hop adds one step of the target engine
 * (see `latencies()`).
 *
 * Synchronous engines run without promises or allocation beyond their own outputs (the fast path);
 * engines whose calls return promises (remote, hardware) are awaited, and all due engines' steps
 * are started before any is awaited, so remote engines compute concurrently.
 */
import { Subject, type Observable } from 'rxjs';
import { type Engine, type EngineContext, type ResetOptions, isPromiseLike } from './engine.js';
import { EngineError, NeuroloopError, ValidationError } from './errors.js';
import { type PacingOptions, RealtimeOverrunError, checkPacing, waitUntil, yieldToHost } from './pacing.js';
import { type EventRecord, type Inputs, type Outputs, type PortDecl, type PortValue, type SpikeBatch, checkPortValue, isSpikeBatch } from './ports.js';
import { Rng, deriveSeed } from './random.js';
import { type TimeNs, gcd } from './time.js';
import type { Transceiver, TransceiverContext, TrialEvent, TrialInfo } from './transceiver.js';

/** Options of a bus. */
export interface BusOptions {
  readonly engines: readonly Engine[];
  readonly transceivers?: readonly Transceiver<any>[];
  /** Experiment seed; each engine gets deriveSeed(seed, engine.name). */
  readonly seed?: number;
  readonly pacing?: PacingOptions;
  /** Validate every transceiver output against its port declaration (default true). */
  readonly validateTransceiverOutputs?: boolean;
  /** In afap mode, yield to the host (I/O, signals) at least this often in wall ms (default 20). */
  readonly yieldEveryMs?: number;
  /** Receives non-fatal messages from engines and the bus. */
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

/** What happens at one sync point: the outputs gathered at `tNs`. */
export interface SyncEvent {
  readonly tNs: TimeNs;
  /** Names of the engines synchronised at tNs. */
  readonly due: readonly string[];
  /** Latest outputs of every engine (zero-order hold for the ones not due). */
  readonly outputs: ReadonlyMap<string, Outputs>;
  readonly trial: TrialInfo | undefined;
}

/** Lifecycle, trial and phase events. */
export interface PhaseEvent {
  readonly type: string;
  readonly tNs: TimeNs;
  readonly [key: string]: unknown;
}

/** Accumulated per-phase wall costs (ms) over `syncs` sync points. */
export interface TimingSummary {
  readonly syncs: number;
  readonly simNs: TimeNs;
  readonly wallMs: number;
  /** Waiting for asynchronous engines' steps. */
  readonly waitMs: number;
  /** Collecting outputs of due engines. */
  readonly gatherMs: number;
  /** Running transceiver functions. */
  readonly transceiveMs: number;
  /** Assembling and delivering inputs (excluding the engines' own compute). */
  readonly deliverMs: number;
  /** Inside engine.advance calls (for async engines: until the call returned its promise). */
  readonly computeMs: number;
  /** In sync$ subscribers (recorders, analysis, viewer). */
  readonly observeMs: number;
  /** Everything that is not engine compute or waiting, per sync point, in µs. */
  readonly overheadUsPerSync: number;
  readonly realTimeFactor: number;
  readonly overruns: number;
  readonly maxLatenessMs: number;
  readonly perEngineComputeMs: Readonly<Record<string, number>>;
}

/** The sense→act latency of one transceiver path. */
export interface PathLatency {
  readonly via: string;
  readonly from: string;
  readonly to: string;
  /** An output at t reaches the target's outputs at t + minLatencyNs at the earliest. */
  readonly minLatencyNs: TimeNs;
  /** ... and at the latest (zero-order hold of a slower source adds up to dtSource - gcd). */
  readonly maxLatencyNs: TimeNs;
}

/** Bus lifecycle states. */
export type BusState = 'created' | 'initialised' | 'running' | 'paused' | 'stopped' | 'failed' | 'disposed';

/** How a run call ended. */
export type RunEnd = 'reached' | 'stopped';

interface Writer {
  readonly transceiver: number;
  readonly key: string;
}

interface InputRoute {
  readonly port: string;
  readonly decl: PortDecl;
  readonly writers: readonly Writer[];
}

const EMPTY_INPUTS: Inputs = Object.freeze({});

/**
 * Spikes or events a transceiver reads from an engine, accumulated over every sync of that engine
 * since the transceiver last ran: a transceiver whose target is slower than its source sees all of
 * the source's spikes, not only those of its last step (analog ports are zero-order held instead).
 */
class Accumulator {
  ids = new Int32Array(64);
  times = new Float64Array(64);
  count = 0;
  events: EventRecord[] = [];
  constructor(readonly engine: number, readonly port: string, readonly key: string, readonly kind: 'spikes' | 'events') {}
  add(v: PortValue | undefined): void {
    if (v === undefined) return;
    if (this.kind === 'events') {
      for (const e of v as readonly EventRecord[]) this.events.push(e);
      return;
    }
    const b = v as SpikeBatch;
    const need = this.count + b.count;
    if (need > this.ids.length) {
      let cap = this.ids.length;
      while (cap < need) cap *= 2;
      const ids = new Int32Array(cap);
      ids.set(this.ids.subarray(0, this.count));
      const times = new Float64Array(cap);
      times.set(this.times.subarray(0, this.count));
      this.ids = ids;
      this.times = times;
    }
    this.ids.set(b.ids.subarray(0, b.count), this.count);
    this.times.set(b.timesNs.subarray(0, b.count), this.count);
    this.count = need;
  }
  value(): PortValue {
    if (this.kind === 'events') return this.events;
    return { ids: this.ids, timesNs: this.times, count: this.count };
  }
  clear(): void {
    this.count = 0;
    if (this.events.length > 0) this.events = [];
  }
}

/** The multi-rate lockstep bus (see file comment). */
export class Bus {
  readonly engines: readonly Engine[];
  readonly transceivers: readonly Transceiver<any>[];
  readonly seed: number;
  private readonly pacing: PacingOptions;
  private readonly validateOut: boolean;
  private readonly yieldEveryMs: number;
  private readonly log: (level: 'info' | 'warn', message: string) => void;

  private readonly n: number;
  private readonly index = new Map<string, number>();
  private readonly dts: Float64Array;
  private readonly nextDue: Float64Array;
  private readonly pending: (Outputs | PromiseLike<Outputs> | undefined)[];
  private readonly latestByIndex: Outputs[];
  private readonly latestMap = new Map<string, Outputs>();
  private readonly due: number[] = [];
  private readonly dueNames: string[] = [];
  private readonly tcTargets: number[][];
  private readonly tcReadIdx: { engine: number; port: string; key: string; acc: Accumulator | undefined }[][];
  private readonly accByEngine: Accumulator[][];
  private readonly tcOutputs: (Readonly<Record<string, PortValue>> | undefined)[];
  private readonly tcState: unknown[];
  private readonly tcRng: Rng[];
  private readonly routes: InputRoute[][];
  private tcCtx: MutableCtx;

  private t: TimeNs = 0;
  private gathered = false;
  private _state: BusState = 'created';
  private stopRequested = false;
  private pauseWaiter: { promise: Promise<void>; resolve: () => void } | undefined;
  private trialInfo: TrialInfo | undefined;
  private currentRun: Promise<RunEnd> | undefined;

  // timing
  private syncs = 0;
  private simStart: TimeNs = 0;
  private wallTotal = 0;
  private waitMs = 0;
  private gatherMs = 0;
  private transceiveMs = 0;
  private deliverMs = 0;
  private computeMs = 0;
  private observeMs = 0;
  private readonly perEngineCompute: Float64Array;
  private overruns = 0;
  private maxLateness = 0;

  private readonly syncSubject = new Subject<SyncEvent>();
  private readonly phaseSubject = new Subject<PhaseEvent>();
  private readonly timingSubject = new Subject<TimingSummary>();
  /** Every sync point's gathered outputs. Subscribers must copy what they keep. */
  readonly sync$: Observable<SyncEvent> = this.syncSubject.asObservable();
  /** Lifecycle, trial and phase events. */
  readonly phase$: Observable<PhaseEvent> = this.phaseSubject.asObservable();
  /** Timing summaries every 1024 sync points and at the end of each run call. */
  readonly timing$: Observable<TimingSummary> = this.timingSubject.asObservable();

  constructor(opts: BusOptions) {
    this.engines = opts.engines;
    this.transceivers = opts.transceivers ?? [];
    this.seed = (opts.seed ?? 0) >>> 0;
    this.pacing = opts.pacing ?? { mode: 'afap' };
    checkPacing(this.pacing);
    this.validateOut = opts.validateTransceiverOutputs ?? true;
    this.yieldEveryMs = opts.yieldEveryMs ?? 20;
    this.log = opts.log ?? (() => undefined);
    this.n = this.engines.length;
    if (this.n === 0) throw new ValidationError('bus.engines', [], 'at least one engine', 'add an engine');
    this.dts = new Float64Array(this.n);
    this.nextDue = new Float64Array(this.n);
    this.pending = new Array(this.n).fill(undefined);
    this.latestByIndex = new Array(this.n).fill(EMPTY_INPUTS);
    this.perEngineCompute = new Float64Array(this.n);
    this.engines.forEach((e, i) => {
      if (this.index.has(e.name)) throw new ValidationError(`engines[${i}].name`, e.name, 'a unique engine name', 'rename one of the engines');
      if (!/^[A-Za-z_][\w-]*$/.test(e.name)) {
        throw new ValidationError(`engines[${i}].name`, e.name, 'letters, digits, _ or - (no dots)', 'rename the engine');
      }
      if (!Number.isSafeInteger(e.dt) || e.dt <= 0) {
        throw new ValidationError(`engines.${e.name}.dt`, e.dt, 'a positive integer number of ns', 'use msToNs()/usToNs()');
      }
      this.index.set(e.name, i);
      this.dts[i] = e.dt;
    });

    // Resolve transceiver ports and input routes; every failure names the port.
    const routes = new Map<string, { decl: PortDecl; writers: Writer[] }>();
    this.tcTargets = [];
    this.tcReadIdx = [];
    const names = new Set<string>();
    this.transceivers.forEach((tc, j) => {
      if (names.has(tc.name)) throw new ValidationError(`transceivers[${j}].name`, tc.name, 'a unique name', 'rename one transceiver');
      names.add(tc.name);
      const reads: { engine: number; port: string; key: string; acc: Accumulator | undefined }[] = [];
      for (const r of tc.readRefs) {
        const ei = this.engineIndex(`transceiver '${tc.name}'.reads`, r.engine, r.key);
        const decl = (this.engines[ei] as Engine).ports.outputs[r.port];
        if (decl === undefined) {
          throw new ValidationError(`transceiver '${tc.name}'.reads`, r.key,
            `an output port of '${r.engine}' (${Object.keys((this.engines[ei] as Engine).ports.outputs).join(', ')})`, 'fix the port name');
        }
        if (r.kind !== undefined && r.kind !== decl.kind) {
          throw new ValidationError(`transceiver '${tc.name}'.reads.${r.key}`, r.kind, `'${decl.kind}' (the port's kind)`, 'declare the port kind the engine has');
        }
        reads.push({ engine: ei, port: r.port, key: r.key, acc: decl.kind === 'analog' ? undefined : new Accumulator(ei, r.port, r.key, decl.kind) });
      }
      const targets = new Set<number>();
      for (const w of tc.writeRefs) {
        const ei = this.engineIndex(`transceiver '${tc.name}'.writes`, w.engine, w.key);
        const decl = (this.engines[ei] as Engine).ports.inputs[w.port];
        if (decl === undefined) {
          const known = Object.keys((this.engines[ei] as Engine).ports.inputs);
          throw new ValidationError(`transceiver '${tc.name}'.writes`, w.key,
            known.length ? `an input port of '${w.engine}' (${known.join(', ')})` : `an input port, but '${w.engine}' has none`, 'fix the port name');
        }
        if (w.kind !== undefined && w.kind !== decl.kind) {
          throw new ValidationError(`transceiver '${tc.name}'.writes.${w.key}`, w.kind, `'${decl.kind}' (the port's kind)`, 'declare the port kind the engine has');
        }
        targets.add(ei);
        const route = routes.get(w.key) ?? { decl, writers: [] };
        route.writers.push({ transceiver: j, key: w.key });
        routes.set(w.key, route);
      }
      this.tcTargets.push([...targets].sort((a, b) => a - b));
      this.tcReadIdx.push(reads);
    });
    this.routes = this.engines.map(() => []);
    for (const [key, r] of routes) {
      const dot = key.indexOf('.');
      const ei = this.index.get(key.slice(0, dot)) as number;
      (this.routes[ei] as InputRoute[]).push({ port: key.slice(dot + 1), decl: r.decl, writers: r.writers });
    }
    this.accByEngine = this.engines.map(() => []);
    for (const reads of this.tcReadIdx) for (const r of reads) if (r.acc !== undefined) (this.accByEngine[r.engine] as Accumulator[]).push(r.acc);
    this.tcOutputs = new Array(this.transceivers.length).fill(undefined);
    this.tcState = new Array(this.transceivers.length).fill(undefined);
    this.tcRng = this.transceivers.map((tc) => new Rng(deriveSeed(this.seed, `transceiver:${tc.name}`)));
    this.tcCtx = new MutableCtx(this);
    this.checkExchangePeriods();
  }

  /** Current lifecycle state. */
  get state(): BusState {
    return this._state;
  }
  /** Current simulated time (ns): the last sync point reached. */
  get now(): TimeNs {
    return this.t;
  }
  /** The trial the runner set, if any. */
  get trial(): TrialInfo | undefined {
    return this.trialInfo;
  }
  /** Sets the trial (the experiment runner calls this at trial boundaries). */
  setTrial(trial: TrialInfo | undefined): void {
    this.trialInfo = trial;
  }

  /** Latest outputs of an engine (zero-order hold). */
  latest(engine: string): Outputs {
    const i = this.index.get(engine);
    if (i === undefined) throw new ValidationError('engine', engine, `one of ${[...this.index.keys()].join(', ')}`, 'fix the engine name');
    return this.latestByIndex[i] as Outputs;
  }

  /** Publishes a phase/trial event on phase$ (used by the runner). */
  emitPhase(type: string, extra: Readonly<Record<string, unknown>> = {}): void {
    this.phaseSubject.next({ ...extra, type, tNs: this.t });
  }

  /** Initialises every engine (in order) and the transceiver states. Outputs at t=0 exist after this. */
  async init(): Promise<void> {
    if (this._state !== 'created') throw new NeuroloopError(`bus.init() called in state '${this._state}'`);
    for (let i = 0; i < this.n; i++) {
      const e = this.engines[i] as Engine;
      const ctx: EngineContext = { seed: deriveSeed(this.seed, e.name), startNs: 0, log: (lvl, msg) => this.log(lvl, `${e.name}: ${msg}`) };
      try {
        let out = e.init(ctx);
        if (isPromiseLike(out)) out = await out;
        this.checkOutputs(i, out, 'init');
        this.pending[i] = out;
      } catch (err) {
        this._state = 'failed';
        throw wrapEngineError(e.name, 0, 'init', err);
      }
    }
    this.resetTransceivers();
    this.t = 0;
    this.gathered = false;
    this._state = 'initialised';
    this.emitPhase('init');
  }

  /** Runs until simulated time `tEndNs` (outputs at tEndNs gathered) or until stop(). */
  runUntil(tEndNs: TimeNs): Promise<RunEnd> {
    if (this.currentRun !== undefined) throw new NeuroloopError('bus.runUntil() called while a run is in progress');
    if (this._state !== 'initialised' && this._state !== 'paused' && this._state !== 'stopped') {
      throw new NeuroloopError(`bus.runUntil() called in state '${this._state}'`);
    }
    if (!Number.isSafeInteger(tEndNs) || tEndNs < this.t) {
      throw new ValidationError('runUntil.tEndNs', tEndNs, `an integer ns ≥ now (${this.t})`, 'run forward in time');
    }
    this.stopRequested = false;
    const run = this.loop(tEndNs).finally(() => {
      this.currentRun = undefined;
    });
    this.currentRun = run;
    return run;
  }

  /** Runs for `durationNs` more simulated time. */
  runFor(durationNs: TimeNs): Promise<RunEnd> {
    return this.runUntil(this.t + durationNs);
  }

  /** Pauses at the next sync point; the run call stays pending until resume() or stop(). */
  pause(): void {
    if (this.pauseWaiter !== undefined) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.pauseWaiter = { promise, resolve };
  }

  /** Resumes after pause(). */
  resume(): void {
    const w = this.pauseWaiter;
    this.pauseWaiter = undefined;
    w?.resolve();
  }

  /** True while a pause is requested. */
  get paused(): boolean {
    return this.pauseWaiter !== undefined;
  }

  /** Stops the current run at the next sync point (a later runUntil continues from there). */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  /**
   * Resets every engine to t = 0. `perEngine` chooses what survives per engine (e.g.
   * `{brain: {keep: ['weights']}}`); `seed` reseeds engines and transceivers for the next trial.
   */
  async reset(perEngine: Readonly<Record<string, ResetOptions>> = {}, seed?: number): Promise<void> {
    if (this.currentRun !== undefined) throw new NeuroloopError('bus.reset() called while a run is in progress');
    for (const name of Object.keys(perEngine)) this.engineIndex('reset', name, name);
    for (let i = 0; i < this.n; i++) {
      const e = this.engines[i] as Engine;
      // A pending async step must finish before the engine is reset.
      const p = this.pending[i];
      if (isPromiseLike(p)) await Promise.resolve(p).catch(() => undefined);
      const base = perEngine[e.name] ?? {};
      const opts: ResetOptions = seed === undefined ? base : { ...base, seed: deriveSeed(seed >>> 0, e.name) };
      try {
        let out = e.reset(opts);
        if (isPromiseLike(out)) out = await out;
        this.checkOutputs(i, out, 'reset');
        this.pending[i] = out;
        this.nextDue[i] = 0;
      } catch (err) {
        this._state = 'failed';
        throw wrapEngineError(e.name, this.t, 'reset', err);
      }
    }
    if (seed !== undefined) this.transceivers.forEach((tc, j) => (this.tcRng[j] = new Rng(deriveSeed(seed >>> 0, `transceiver:${tc.name}`))));
    this.resetTransceivers();
    this.t = 0;
    this.gathered = false;
    this._state = 'initialised';
    this.emitPhase('reset');
  }

  /** Disposes every engine (idempotent). */
  async dispose(): Promise<void> {
    if (this._state === 'disposed') return;
    this.stop();
    if (this.currentRun !== undefined) await this.currentRun.catch(() => undefined);
    const errors: unknown[] = [];
    for (const e of this.engines) {
      try {
        await e.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    this._state = 'disposed';
    this.emitPhase('dispose');
    this.syncSubject.complete();
    this.phaseSubject.complete();
    this.timingSubject.complete();
    if (errors.length > 0) throw errors[0];
  }

  /** Sense→act latency of every transceiver path (read engine.port → written engine.port). */
  latencies(): PathLatency[] {
    const out: PathLatency[] = [];
    this.transceivers.forEach((tc) => {
      for (const r of tc.readRefs) {
        for (const w of tc.writeRefs) {
          const dtR = this.dts[this.index.get(r.engine) as number] as number;
          const dtW = this.dts[this.index.get(w.engine) as number] as number;
          out.push({ via: tc.name, from: r.key, to: w.key, minLatencyNs: dtW, maxLatencyNs: dtW + dtR - gcd(dtR, dtW) });
        }
      }
    });
    return out;
  }

  /** Per-phase timing accumulated since the bus was created. */
  timing(): TimingSummary {
    const perEngine: Record<string, number> = {};
    this.engines.forEach((e, i) => (perEngine[e.name] = this.perEngineCompute[i] as number));
    const coord = this.gatherMs + this.transceiveMs + this.deliverMs;
    const simNs = this.simStart;
    return {
      syncs: this.syncs,
      simNs,
      wallMs: this.wallTotal,
      waitMs: this.waitMs,
      gatherMs: this.gatherMs,
      transceiveMs: this.transceiveMs,
      deliverMs: this.deliverMs,
      computeMs: this.computeMs,
      observeMs: this.observeMs,
      overheadUsPerSync: this.syncs > 0 ? (coord * 1000) / this.syncs : 0,
      realTimeFactor: this.wallTotal > 0 ? simNs / 1e6 / this.wallTotal : 0,
      overruns: this.overruns,
      maxLatenessMs: this.maxLateness,
      perEngineComputeMs: perEngine,
    };
  }

  // ---------------------------------------------------------------------------------------------

  private async loop(tEnd: TimeNs): Promise<RunEnd> {
    this._state = 'running';
    this.emitPhase('run', { untilNs: tEnd });
    const realtime = this.pacing.mode === 'realtime';
    const factor = this.pacing.mode === 'realtime' ? (this.pacing.factor ?? 1) : 1;
    let minDt = Infinity;
    for (let i = 0; i < this.n; i++) minDt = Math.min(minDt, this.dts[i] as number);
    const tolerance = this.pacing.mode === 'realtime' ? (this.pacing.toleranceMs ?? minDt / 1e6) : 0;
    const abortOnOverrun = this.pacing.mode === 'realtime' && this.pacing.overrun === 'abort';
    let wall0 = performance.now();
    let sim0 = this.t;
    let lastYield = wall0;
    const runWallStart = wall0;
    const runSimStart = this.t;
    let end: RunEnd = 'reached';
    try {
      for (;;) {
        if (!this.gathered) {
          const g = this.gather();
          if (g !== undefined) await g;
          this.gathered = true;
        }
        if (this.t >= tEnd) break;
        if (this.stopRequested) {
          end = 'stopped';
          break;
        }
        if (this.pauseWaiter !== undefined) {
          this._state = 'paused';
          this.emitPhase('pause');
          const pausedAt = performance.now();
          await this.pauseWaiter.promise;
          wall0 += performance.now() - pausedAt;
          if (this.stopRequested) {
            end = 'stopped';
            break;
          }
          this._state = 'running';
          this.emitPhase('resume');
        }
        const t0 = performance.now();
        this.transceive();
        const t1 = performance.now();
        this.transceiveMs += t1 - t0;
        this.deliver();
        // advance time to the next sync point
        let next = Infinity;
        for (let i = 0; i < this.n; i++) if ((this.nextDue[i] as number) < next) next = this.nextDue[i] as number;
        this.t = next;
        this.gathered = false;
        this.syncs++;
        if ((this.syncs & 1023) === 0) this.timingSubject.next(this.timing());
        if (realtime) {
          const deadline = wall0 + (this.t - sim0) / 1e6 / factor;
          const now = performance.now();
          const lateness = now - deadline;
          if (lateness > tolerance) {
            this.overruns++;
            if (lateness > this.maxLateness) this.maxLateness = lateness;
            if (abortOnOverrun) throw new RealtimeOverrunError(this.t, lateness, tolerance);
            if (this.overruns === 1 || (this.overruns & 1023) === 0) {
              this.log('warn', `real-time overrun #${this.overruns} at t=${this.t / 1e6} ms (${lateness.toFixed(3)} ms late)`);
            }
            // Re-anchor so one late step is not counted again at every later step.
            wall0 = now;
            sim0 = this.t;
          } else if (lateness < 0) {
            await waitUntil(deadline);
          }
        } else {
          const now = performance.now();
          if (now - lastYield > this.yieldEveryMs) {
            await yieldToHost();
            lastYield = performance.now();
          }
        }
      }
    } catch (err) {
      this._state = 'failed';
      this.emitPhase('failed', { error: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      this.wallTotal += performance.now() - runWallStart;
      this.simStart += this.t - runSimStart;
    }
    this._state = end === 'stopped' ? 'stopped' : 'initialised';
    if (end === 'stopped') this.emitPhase('stop');
    this.timingSubject.next(this.timing());
    return end;
  }

  /** Gathers due engines' outputs; returns a promise only if some step is still asynchronous. */
  private gather(): Promise<void> | undefined {
    const due = this.due;
    const dueNames = this.dueNames;
    due.length = 0;
    dueNames.length = 0;
    const t = this.t;
    let anyAsync = false;
    for (let i = 0; i < this.n; i++) {
      if (this.nextDue[i] === t) {
        due.push(i);
        dueNames.push((this.engines[i] as Engine).name);
        if (isPromiseLike(this.pending[i])) anyAsync = true;
      }
    }
    if (anyAsync) return this.gatherAsync();
    const g0 = performance.now();
    for (let k = 0; k < due.length; k++) this.store(due[k] as number, this.pending[due[k] as number] as Outputs | undefined);
    this.gatherMs += performance.now() - g0;
    this.publishSync();
    return undefined;
  }

  private async gatherAsync(): Promise<void> {
    const t = this.t;
    const due = this.due;
    const w0 = performance.now();
    const settled = await Promise.allSettled(due.map((i) => Promise.resolve(this.pending[i] as Outputs | PromiseLike<Outputs>)));
    this.waitMs += performance.now() - w0;
    const g0 = performance.now();
    for (let k = 0; k < due.length; k++) {
      const i = due[k] as number;
      const s = settled[k] as PromiseSettledResult<Outputs>;
      if (s.status === 'rejected') {
        this._state = 'failed';
        throw wrapEngineError((this.engines[i] as Engine).name, t, 'advance', s.reason);
      }
      this.checkOutputs(i, s.value, 'advance');
      this.store(i, s.value);
    }
    this.gatherMs += performance.now() - g0;
    this.publishSync();
  }

  private store(i: number, out: Outputs | undefined): void {
    if (out === undefined) throw new EngineError((this.engines[i] as Engine).name, this.t, 'no outputs were produced');
    const accs = this.accByEngine[i] as Accumulator[];
    for (let a = 0; a < accs.length; a++) (accs[a] as Accumulator).add(out[(accs[a] as Accumulator).port]);
    this.latestByIndex[i] = out;
    this.latestMap.set((this.engines[i] as Engine).name, out);
  }

  private publishSync(): void {
    if (this.syncSubject.observed) {
      const o0 = performance.now();
      this.syncSubject.next({ tNs: this.t, due: this.dueNames.slice(), outputs: this.latestMap, trial: this.trialInfo });
      this.observeMs += performance.now() - o0;
    }
  }

  private transceive(): void {
    const tcs = this.transceivers;
    if (tcs.length === 0) return;
    const ctx = this.tcCtx;
    ctx.tNs = this.t;
    ctx.trial = this.trialInfo;
    ctx.tInTrialNs = this.trialInfo === undefined ? this.t : this.t - this.trialInfo.startNs;
    for (let j = 0; j < tcs.length; j++) {
      const targets = this.tcTargets[j] as number[];
      let any = false;
      for (let k = 0; k < targets.length; k++) if (this.nextDue[targets[k] as number] === this.t) any = true;
      if (!any) {
        this.tcOutputs[j] = undefined;
        continue;
      }
      const tc = tcs[j] as Transceiver<unknown>;
      const reads = this.tcReadIdx[j] as { engine: number; port: string; key: string; acc: Accumulator | undefined }[];
      const inputs: Record<string, PortValue> = {};
      for (let k = 0; k < reads.length; k++) {
        const r = reads[k] as { engine: number; port: string; key: string; acc: Accumulator | undefined };
        inputs[r.key] = r.acc === undefined ? ((this.latestByIndex[r.engine] as Outputs)[r.port] as PortValue) : r.acc.value();
      }
      ctx.rng = this.tcRng[j] as Rng;
      ctx.name = tc.name;
      let out: Readonly<Record<string, PortValue>>;
      try {
        out = tc.fn(inputs, this.tcState[j], ctx);
      } catch (err) {
        this._state = 'failed';
        throw new NeuroloopError(`transceiver '${tc.name}' failed at t=${this.t / 1e6} ms: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      for (let k = 0; k < reads.length; k++) (reads[k] as { acc: Accumulator | undefined }).acc?.clear();
      if (this.validateOut) this.checkTransceiverOutputs(j, out);
      this.tcOutputs[j] = out;
    }
  }

  private deliver(): void {
    const t = this.t;
    const due = this.due;
    for (let k = 0; k < due.length; k++) {
      const i = due[k] as number;
      const e = this.engines[i] as Engine;
      const d0 = performance.now();
      const routes = this.routes[i] as InputRoute[];
      let inputs: Inputs = EMPTY_INPUTS;
      if (routes.length > 0) {
        const rec: Record<string, PortValue> = {};
        for (let r = 0; r < routes.length; r++) {
          const route = routes[r] as InputRoute;
          const v = this.combine(route);
          if (v !== undefined) rec[route.port] = v;
        }
        inputs = rec;
      }
      const c0 = performance.now();
      let res: Outputs | PromiseLike<Outputs>;
      try {
        res = e.advance(t + (this.dts[i] as number), inputs);
      } catch (err) {
        this._state = 'failed';
        throw wrapEngineError(e.name, t, 'advance', err);
      }
      const c1 = performance.now();
      this.deliverMs += c0 - d0;
      this.computeMs += c1 - c0;
      this.perEngineCompute[i] = (this.perEngineCompute[i] as number) + (c1 - c0);
      if (!isPromiseLike(res)) this.checkOutputsCheap(i, res);
      // Mark a pending asynchronous step as handled now: if it fails while the bus is waiting on
      // pacing, the failure is reported at the next gather, not as an unhandled rejection.
      else Promise.resolve(res).catch(() => undefined);
      this.pending[i] = res;
      this.nextDue[i] = t + (this.dts[i] as number);
    }
  }

  /** Combines the values of several writers of one input: analog sums, spikes and events concatenate. */
  private combine(route: InputRoute): PortValue | undefined {
    const ws = route.writers;
    if (ws.length === 1) {
      const w = ws[0] as Writer;
      return this.tcOutputs[w.transceiver]?.[w.key];
    }
    const vals: PortValue[] = [];
    for (const w of ws) {
      const v = this.tcOutputs[w.transceiver]?.[w.key];
      if (v !== undefined) vals.push(v);
    }
    if (vals.length <= 1) return vals[0];
    switch (route.decl.kind) {
      case 'analog': {
        const sum = new Float64Array((vals[0] as Float64Array).length);
        for (const v of vals) for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] as number) + ((v as Float64Array)[i] as number);
        return sum;
      }
      case 'spikes': {
        let count = 0;
        for (const v of vals) if (isSpikeBatch(v)) count += v.count;
        const ids = new Int32Array(count);
        const times = new Float64Array(count);
        let o = 0;
        for (const v of vals) {
          if (!isSpikeBatch(v)) continue;
          ids.set(v.ids.subarray(0, v.count), o);
          times.set(v.timesNs.subarray(0, v.count), o);
          o += v.count;
        }
        return { ids, timesNs: times, count };
      }
      case 'events':
        return vals.flatMap((v) => v as readonly { type: string }[]);
    }
  }

  private checkOutputs(i: number, out: Outputs | undefined, where: string): void {
    const e = this.engines[i] as Engine;
    if (out === undefined || out === null || typeof out !== 'object') {
      throw new EngineError(e.name, this.t, `${where}() returned no outputs object`);
    }
    for (const [port, decl] of Object.entries(e.ports.outputs)) {
      if (out[port] === undefined) throw new EngineError(e.name, this.t, `${where}() did not return declared output '${port}'`);
      if (where !== 'advance') checkPortValue(`${e.name}.outputs.${port}`, decl, out[port]);
    }
  }

  private checkOutputsCheap(i: number, out: Outputs): void {
    if (out === undefined || out === null) {
      throw new EngineError((this.engines[i] as Engine).name, this.t, 'advance() returned no outputs');
    }
  }

  private checkTransceiverOutputs(j: number, out: Readonly<Record<string, PortValue>>): void {
    const tc = this.transceivers[j] as Transceiver<unknown>;
    if (out === null || typeof out !== 'object') {
      throw new ValidationError(`transceiver '${tc.name}' return value`, out, 'a record engine.port → value', 'return an object');
    }
    for (const key of Object.keys(out)) {
      const ref = tc.writeRefs.find((w) => w.key === key);
      if (ref === undefined) {
        throw new ValidationError(`transceiver '${tc.name}' output`, key, `one of the declared writes (${tc.writeRefs.map((w) => w.key).join(', ')})`, 'declare the port in writes');
      }
      const decl = (this.engines[this.index.get(ref.engine) as number] as Engine).ports.inputs[ref.port] as PortDecl;
      checkPortValue(`transceiver '${tc.name}' → ${key}`, decl, out[key]);
    }
  }

  private resetTransceivers(): void {
    for (const accs of this.accByEngine) for (const a of accs) a.clear();
    this.transceivers.forEach((tc, j) => {
      this.tcState[j] = tc.init === undefined ? undefined : tc.init();
      this.tcOutputs[j] = undefined;
    });
  }

  private engineIndex(field: string, engine: string, key: string): number {
    const i = this.index.get(engine);
    if (i === undefined) {
      throw new ValidationError(field, key, `a port of a known engine (${[...this.index.keys()].join(', ')})`, `add engine '${engine}' or fix the name`);
    }
    return i;
  }

  /**
   * Co-simulation rule (TVB–NEST): the exchange period between a spiking and a rate engine must
   * not exceed the minimum delay between them, or an event would arrive before it could act.
   */
  private checkExchangePeriods(): void {
    this.transceivers.forEach((tc) => {
      for (const r of tc.readRefs) {
        for (const w of tc.writeRefs) {
          const a = this.engines[this.index.get(r.engine) as number] as Engine;
          const b = this.engines[this.index.get(w.engine) as number] as Engine;
          const ka = a.coupling?.kind;
          const kb = b.coupling?.kind;
          const mixed = (ka === 'spiking' && kb === 'rate') || (ka === 'rate' && kb === 'spiking');
          if (!mixed) continue;
          const period = Math.max(a.dt, b.dt);
          const delays = [a.coupling?.minDelayNs, b.coupling?.minDelayNs].filter((d): d is number => d !== undefined);
          if (delays.length === 0) continue;
          const minDelay = Math.min(...delays);
          if (period > minDelay) {
            throw new ValidationError(`transceiver '${tc.name}' (${r.key} → ${w.key})`, `exchange period ${period / 1e6} ms`,
              `≤ the minimum delay between the engines (${minDelay / 1e6} ms)`, 'use a smaller dt on the slower engine or longer delays between the regions');
          }
        }
      }
    });
  }

  /** @internal used by the transceiver context. */
  reportFromTransceiver(name: string, kind: string, detail: Readonly<Record<string, unknown>>): void {
    this.phaseSubject.next({ ...detail, type: 'report', kind, transceiver: name, tNs: this.t });
  }
}

class MutableCtx implements TransceiverContext {
  tNs = 0;
  tInTrialNs = 0;
  trial: TrialInfo | undefined = undefined;
  rng: Rng = new Rng(0);
  name = '';
  constructor(private readonly bus: Bus) {}
  active(type: string): TrialEvent | undefined {
    const tr = this.trial;
    if (tr === undefined) return undefined;
    const t = this.tInTrialNs;
    for (const ev of tr.events) if (ev.type === type && t >= ev.startNs && t < ev.endNs) return ev;
    return undefined;
  }
  report(kind: string, detail: Readonly<Record<string, unknown>>): void {
    this.bus.reportFromTransceiver(this.name, kind, detail);
  }
}

function wrapEngineError(engine: string, t: TimeNs, call: string, err: unknown): Error {
  if (err instanceof NeuroloopError) return err;
  return new EngineError(engine, t, `${call}() threw: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
