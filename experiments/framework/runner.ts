/**
 * Runs an experiment module: validates parameters and protocol, builds the engines, drives the bus
 * trial by trial, records to a run folder as it goes, and writes metrics, timing and status.
 */
import { Bus, type TimingSummary } from '../../core/bus.js';
import { NeuroloopError, EngineError, SimulationError } from '../../core/errors.js';
import { MemorySink, Recorder, type RecordingSink } from '../../core/recorder.js';
import { deriveSeed } from '../../core/random.js';
import { msToNs } from '../../core/time.js';
import type { TrialInfo } from '../../core/transceiver.js';
import type { ExperimentModule, ExperimentSetup } from './define-experiment.js';
import { RunFolder, provenance, type RunState } from './run-folder.js';
import { ProtocolDescSchema, RunOptionsSchema, parseOrThrow, type ProtocolDesc, type RunOptionsInput } from './schema.js';
import { applySets } from './set-path.js';
import { z } from 'zod';

/** Progress of a run, reported after each trial and periodically within one. */
export interface RunProgress {
  readonly trial: number;
  readonly trialsTotal: number;
  readonly phase: string;
  /** Run-global simulated time done and total (ns). */
  readonly simNs: number;
  readonly simTotalNs: number;
  readonly wallMs: number;
  readonly realTimeFactor: number;
}

/** Options of runExperiment beyond the validated RunOptions. */
export interface RunnerHooks {
  /** Run folder to write (omit for an in-memory run). */
  readonly outDir?: string;
  readonly onProgress?: (p: RunProgress) => void;
  /** Called with the bus before init (viewer, signal handlers); awaited if it returns a promise. */
  readonly onBus?: (bus: Bus) => void | Promise<void>;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
  /** Extra recording sink (e.g. memory for tests) when no outDir is given. */
  readonly sink?: RecordingSink;
}

/** The outcome of a run. */
export interface RunResult {
  readonly state: RunState;
  readonly dir: string | undefined;
  readonly params: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
  readonly timing: TimingSummary;
  readonly error: Error | undefined;
  readonly setup: ExperimentSetup;
  readonly summary: string[];
  /** Extra report plots (vega-lite specs) from the experiment. */
  readonly plots: Record<string, unknown>;
}

/** Resolves parameters: schema defaults, then --set overrides, validated with field-named errors. */
export function resolveParams<P>(mod: ExperimentModule<P>, sets: Readonly<Record<string, unknown>>): P {
  const withSets = applySets({}, sets);
  return parseOrThrow(mod.params as z.ZodType<P>, withSets, 'params') as P;
}

/** Expands the protocol into the flat list of trials (truncated to `limit` trials if given). */
export function expandTrials(protocol: ProtocolDesc, limit?: number): Omit<TrialInfo, 'startNs'>[] {
  const out: Omit<TrialInfo, 'startNs'>[] = [];
  for (const ph of protocol.phases) {
    for (let k = 0; k < ph.trials; k++) {
      if (limit !== undefined && out.length >= limit) return out;
      const o = ph.perTrial?.[k];
      const evs = o?.events ?? ph.events;
      out.push({
        index: out.length,
        phase: ph.name,
        indexInPhase: k,
        durationNs: msToNs(ph.trialMs, `protocol.phases.${ph.name}.trialMs`),
        params: { ...ph.params, ...(o?.params ?? {}) },
        events: evs.map((e) => ({
          type: e.type,
          startNs: msToNs(e.atMs, 'events.atMs'),
          endNs: msToNs(e.atMs + e.durationMs, 'events.durationMs'),
          ...(e.params ? { params: e.params } : {}),
        })),
      });
    }
  }
  return out;
}

/** Runs `mod` with `options`; never throws for a run failure (the result says failed), only for bad input. */
export async function runExperiment<P>(mod: ExperimentModule<P>, options: RunOptionsInput = {}, hooks: RunnerHooks = {}): Promise<RunResult> {
  const opts = parseOrThrow(RunOptionsSchema, options, 'options');
  const params = resolveParams(mod, opts.set);
  const log = hooks.log ?? (() => undefined);
  const setup = await mod.build(params, { seed: opts.seed, log });
  const protocol = parseOrThrow(ProtocolDescSchema, setup.protocol, 'protocol');
  const trials = expandTrials(protocol, opts.trials);
  const pacing = opts.pacing;
  const bus = new Bus({ engines: setup.engines, transceivers: setup.transceivers, seed: opts.seed, pacing, log });
  const folder = hooks.outDir !== undefined ? new RunFolder(hooks.outDir) : undefined;
  const sink = folder ?? hooks.sink ?? new MemorySink();
  const record = (setup.record ?? []).map((r) => ({ port: r.port, ...(r.everyMs ? { everyNs: msToNs(r.everyMs, 'record.everyMs') } : {}) }));
  const recorder = new Recorder(bus, record, sink);
  const simTotalNs = trials.reduce((a, t) => a + t.durationNs, 0);
  const prov = provenance();
  folder?.writeJson('experiment.json', {
    name: mod.name,
    description: mod.description,
    seed: opts.seed,
    params,
    options: { trials: opts.trials ?? null, pacing, set: opts.set },
    protocol,
    trialsTotal: trials.length,
    engines: setup.engines.map((e) => ({ name: e.name, dtNs: e.dt, ports: e.ports, coupling: e.coupling ?? null })),
    transceivers: setup.transceivers.map((t) => ({ name: t.name, reads: t.readRefs.map((r) => r.key), writes: t.writeRefs.map((w) => w.key) })),
    latencies: bus.latencies(),
    record,
    ...prov,
  });
  const wall0 = performance.now();
  let simDone = 0;
  let trialsDone = 0;
  const writeStatus = (state: RunState, error?: Error): void => {
    folder?.status({
      state, simTimeNs: simDone, wallMs: performance.now() - wall0, trialsDone, trialsTotal: trials.length,
      ...(error ? { error: errorInfo(error) } : {}),
    });
  };
  writeStatus('running');
  setup.attach?.(bus);
  await hooks.onBus?.(bus);
  let state: RunState = 'completed';
  let error: Error | undefined;
  let metrics: Record<string, unknown> = {};
  let progressTimer: ReturnType<typeof setInterval> | undefined;
  try {
    await bus.init();
    let current = trials[0];
    let trialStart = 0;
    if (hooks.onProgress !== undefined) {
      // Progress is wall-clock driven for the human only; it never touches simulated state.
      progressTimer = setInterval(() => {
        hooks.onProgress?.(progressOf(current, trials.length, simDone + (bus.now - trialStart), simTotalNs, wall0));
      }, 250);
    }
    for (const t of trials) {
      current = t;
      if (t.index > 0 && protocol.reset === 'each-trial') {
        const keep: Record<string, { keep?: string[] }> = {};
        for (const [eng, r] of Object.entries(protocol.keep)) keep[eng] = r.keep ? { keep: r.keep } : {};
        await bus.reset(keep, deriveSeed(opts.seed, `trial:${t.index}`));
      }
      trialStart = bus.now;
      recorder.setOffset(simDone - trialStart);
      const info: TrialInfo = { ...t, startNs: trialStart };
      bus.setTrial(info);
      bus.emitPhase('trial-start', { trial: t.index, phase: t.phase });
      await setup.onTrialStart?.(info, bus);
      const end = await bus.runUntil(trialStart + t.durationNs);
      await setup.onTrialEnd?.(info, bus);
      recorder.flush();
      folder?.trial({ trial: t.index, phase: t.phase, indexInPhase: t.indexInPhase, startNs: simDone, endNs: simDone + (bus.now - trialStart), params: t.params, events: t.events, completed: end === 'reached' });
      simDone += bus.now - trialStart;
      bus.emitPhase('trial-end', { trial: t.index, phase: t.phase });
      if (end === 'stopped') {
        state = 'interrupted';
        break;
      }
      trialsDone++;
      writeStatus('running');
      hooks.onProgress?.(progressOf(t, trials.length, simDone, simTotalNs, wall0));
    }
    metrics = setup.metrics();
  } catch (err) {
    state = 'failed';
    error = err instanceof Error ? err : new NeuroloopError(String(err));
    try {
      metrics = setup.metrics();
    } catch {
      metrics = {};
    }
  } finally {
    if (progressTimer !== undefined) clearInterval(progressTimer);
    recorder.close();
  }
  const timing = bus.timing();
  folder?.writeJson('metrics.json', metrics);
  folder?.writeJson('timing.json', { ...timing, latencies: bus.latencies() });
  writeStatus(state, error);
  // Plots and summary may read engine state (e.g. learnt weights): take them before disposing.
  let plots: Record<string, unknown> = {};
  try {
    plots = setup.plots?.() ?? {};
  } catch (err) {
    log('warn', `plots failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const summary = setup.summary?.(metrics) ?? [];
  await bus.dispose().catch(() => undefined);
  return { state, dir: folder?.dir, params: params as Record<string, unknown>, metrics, timing, error, setup, summary, plots };
}

function progressOf(t: Omit<TrialInfo, 'startNs'> | undefined, total: number, simNs: number, simTotalNs: number, wall0: number): RunProgress {
  const wallMs = performance.now() - wall0;
  return { trial: t?.index ?? 0, trialsTotal: total, phase: t?.phase ?? '', simNs, simTotalNs, wallMs, realTimeFactor: wallMs > 0 ? simNs / 1e6 / wallMs : 0 };
}

function errorInfo(e: Error): { name: string; message: string; engine?: string; timeNs?: number } {
  const base = { name: e.name, message: e.message };
  if (e instanceof EngineError || e instanceof SimulationError) return { ...base, engine: e.engine, timeNs: e.timeNs };
  return base;
}
