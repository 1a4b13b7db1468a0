/**
 * `exportNwb(runDir, outFile)`: writes a run folder as an NWB 2.7 file that pynwb and Neo open.
 *  - spikes of every spike stream → `units` (one unit per neuron that exists in the population,
 *    columns spike_times (ragged), obs_intervals (ragged; the trials, or the recorded span), population, neuron);
 *  - analog streams of engines that emit spikes (brains) → `acquisition/<engine>.<port>` TimeSeries;
 *    analog streams of the other engines (bodies, environments) → `processing/behavior`
 *    BehavioralTimeSeries (override with `behavior`);
 *  - events streams → `intervals/events_<engine>_<port>` TimeIntervals (type, JSON record);
 *  - recording/trials.ndjson → `intervals/trials` (trial, phase, params) and one `intervals/epochs`
 *    row per contiguous run of a phase.
 * Times are converted from integer ns to float64 seconds. Node-only (h5wasm's node build).
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import h5wasm from 'h5wasm/node';
import type { Group } from 'h5wasm';
import { ValidationError } from '../../core/errors.js';
import { readRun, type AnalogStream, type EventStream, type RunData, type SpikeStream } from '../run/read-run.js';
import { type Column, dynamicTable, timeSeries, typed } from './nwb-writer.js';

/** NWB schema version written. */
export const NWB_VERSION = '2.7.0';

/** Options of exportNwb. */
export interface ExportNwbOptions {
  /** Which analog streams are behaviour (default: streams of engines without spike outputs). */
  readonly behavior?: (key: string) => boolean;
  /** Overwrite an existing file (default false). */
  readonly overwrite?: boolean;
  /** Session description (default: the experiment's description or name). */
  readonly sessionDescription?: string;
}

/** What was written. */
export interface ExportNwbResult {
  readonly file: string;
  readonly units: number;
  readonly spikes: number;
  readonly acquisition: readonly string[];
  readonly behavior: readonly string[];
  readonly intervals: readonly string[];
}

const S = (ns: number): number => ns / 1e9;
const safe = (key: string): string => key.replace(/[^A-Za-z0-9_]+/g, '_');

function unitsTable(nwb: Group, spikeStreams: readonly SpikeStream[], obs: readonly [number, number][]): { units: number; spikes: number } {
  const times: number[] = [];
  const index: number[] = [];
  const pop: string[] = [];
  const neuron: number[] = [];
  const obsFlat: number[] = [];
  const obsIndex: number[] = [];
  let spikes = 0;
  for (const s of spikeStreams) {
    // Group spike times by neuron (stable: recorded order is time order).
    const per: number[][] = Array.from({ length: s.size }, () => []);
    for (let i = 0; i < s.t.length; i++) {
      const id = s.id[i] as number;
      if (id < 0 || id >= s.size) throw new ValidationError(`recording ${s.info.key}.id[${i}]`, id, `a neuron index in [0, ${s.size})`, 'the recording is inconsistent with its index.json size');
      (per[id] as number[]).push(S(s.t[i] as number));
    }
    per.forEach((list, id) => {
      for (const x of list) times.push(x);
      index.push(times.length);
      pop.push(s.info.key);
      neuron.push(id);
      for (const [a, b] of obs) obsFlat.push(a, b);
      obsIndex.push(obsFlat.length / 2);
      spikes += list.length;
    });
  }
  const n = index.length;
  const cols: Column[] = [
    { name: 'spike_times', description: 'the spike times for each unit in seconds', kind: 'ragged-float', data: Float64Array.from(times), index: Uint32Array.from(index) },
    { name: 'obs_intervals', description: 'the observation intervals for each unit (s)', kind: 'ragged-float', data: Float64Array.from(obsFlat), index: Uint32Array.from(obsIndex), shape: [obsFlat.length / 2, 2] },
    { name: 'population', description: 'recorded spike stream (engine.port) of the unit', kind: 'text', data: pop },
    { name: 'neuron', description: 'index of the neuron within its population', kind: 'int', data: Int32Array.from(neuron) },
  ];
  dynamicTable(nwb, 'units', 'core', 'Units', 'Spiking units of the simulated brain (one per neuron of each recorded spike stream)', n, cols);
  return { units: n, spikes };
}

function writeEvents(intervals: Group, s: EventStream): string {
  const name = `events_${safe(s.info.key)}`;
  const t = Float64Array.from(s.t, S);
  dynamicTable(intervals, name, 'core', 'TimeIntervals', `Events of ${s.info.key} (instantaneous: stop_time = start_time)`, t.length, [
    { name: 'start_time', description: 'Start time of the event in seconds', kind: 'float', data: t },
    { name: 'stop_time', description: 'Stop time of the event in seconds', kind: 'float', data: Float64Array.from(t) },
    { name: 'type', description: 'event type', kind: 'text', data: s.e.map((e) => String(e.type ?? '')) },
    { name: 'record', description: 'the full event record as JSON', kind: 'text', data: s.e.map((e) => JSON.stringify(e)) },
  ]);
  return name;
}

function writeTrials(intervals: Group, run: RunData): string[] {
  const tr = run.trials;
  if (tr.length === 0) return [];
  dynamicTable(intervals, 'trials', 'core', 'TimeIntervals', 'Trials of the protocol', tr.length, [
    { name: 'start_time', description: 'Start time of the trial in seconds', kind: 'float', data: Float64Array.from(tr, (t) => S(t.startNs)) },
    { name: 'stop_time', description: 'Stop time of the trial in seconds', kind: 'float', data: Float64Array.from(tr, (t) => S(t.endNs)) },
    { name: 'trial', description: 'trial number', kind: 'int', data: Int32Array.from(tr, (t) => t.trial) },
    { name: 'phase', description: 'protocol phase', kind: 'text', data: tr.map((t) => String(t.phase)) },
    { name: 'params', description: 'trial parameters as JSON', kind: 'text', data: tr.map((t) => JSON.stringify(t.params ?? {})) },
  ]);
  const epochs: { start: number; stop: number; phase: string }[] = [];
  for (const t of tr) {
    const last = epochs[epochs.length - 1];
    if (last !== undefined && last.phase === t.phase && Math.abs(last.stop - S(t.startNs)) < 1e-12) last.stop = S(t.endNs);
    else epochs.push({ start: S(t.startNs), stop: S(t.endNs), phase: String(t.phase) });
  }
  dynamicTable(intervals, 'epochs', 'core', 'TimeIntervals', 'Protocol phases (contiguous runs of trials of one phase)', epochs.length, [
    { name: 'start_time', description: 'Start time of the epoch in seconds', kind: 'float', data: Float64Array.from(epochs, (e) => e.start) },
    { name: 'stop_time', description: 'Stop time of the epoch in seconds', kind: 'float', data: Float64Array.from(epochs, (e) => e.stop) },
    { name: 'phase', description: 'protocol phase', kind: 'text', data: epochs.map((e) => e.phase) },
  ]);
  return ['trials', 'epochs'];
}

/** Exports a run folder to NWB (see file comment). */
export async function exportNwb(runDir: string, outFile: string, opts: ExportNwbOptions = {}): Promise<ExportNwbResult> {
  const run = readRun(runDir);
  const file = resolve(outFile);
  if (existsSync(file)) {
    if (!opts.overwrite) throw new ValidationError('--out', outFile, 'a path that does not exist yet', 'choose another file name or pass overwrite');
    unlinkSync(file);
  }
  await h5wasm.ready;
  const spikeEngines = new Set(run.streams.filter((s) => s.kind === 'spikes').map((s) => s.info.key.split('.')[0]));
  const isBehavior = opts.behavior ?? ((key: string) => !spikeEngines.has(key.split('.')[0]));
  const analog = run.streams.filter((s): s is AnalogStream => s.kind === 'analog' && s.t.length > 0);
  const spikeStreams = run.streams.filter((s): s is SpikeStream => s.kind === 'spikes');
  const eventStreams = run.streams.filter((s): s is EventStream => s.kind === 'events' && s.t.length > 0);
  const exp = run.experiment;
  const started = existsSync(`${runDir}/experiment.json`) ? statSync(`${runDir}/experiment.json`).mtime : new Date(0);

  const f = new h5wasm.File(file, 'w');
  try {
    typed(f, 'core', 'NWBFile');
    f.create_attribute('nwb_version', NWB_VERSION);
    f.create_dataset({ name: 'file_create_date', data: [new Date().toISOString()], shape: [1] });
    f.create_dataset({ name: 'identifier', data: `${String(exp.name ?? 'run')}-seed${String(exp.seed ?? '')}-${String(exp.gitCommit ?? 'nogit').slice(0, 12)}-${started.getTime()}` });
    f.create_dataset({ name: 'session_description', data: opts.sessionDescription ?? String(exp.description ?? exp.name ?? 'neuroloop run') });
    f.create_dataset({ name: 'session_start_time', data: started.toISOString() });
    f.create_dataset({ name: 'timestamps_reference_time', data: started.toISOString() });
    for (const g of ['acquisition', 'analysis', 'processing', 'stimulus', 'general', 'intervals']) f.create_group(g);
    const stim = f.get('stimulus') as Group;
    stim.create_group('presentation');
    stim.create_group('templates');
    const general = f.get('general') as Group;
    general.create_dataset({ name: 'source_script', data: JSON.stringify({ experiment: exp.name, seed: exp.seed, params: exp.params, gitCommit: exp.gitCommit ?? null }) });
    (general.get('source_script') as unknown as Group).create_attribute('file_name', 'neuroloop run');
    general.create_dataset({ name: 'notes', data: `neuroloop run folder ${resolve(runDir)}; state ${String(run.status.state)}; simulated ${S(Number(run.status.simTimeNs ?? 0))} s` });

    // Observation intervals: the trials, or the span the run covered.
    const obs: [number, number][] = run.trials.length > 0
      ? run.trials.map((t) => [S(t.startNs), S(t.endNs)])
      : [[0, S(Number(run.status.simTimeNs ?? Math.max(0, ...run.streams.map((s) => (s.t.length ? (s.t[s.t.length - 1] as number) : 0)))))]];
    const u = spikeStreams.length > 0 ? unitsTable(f, spikeStreams, obs) : { units: 0, spikes: 0 };

    const acquisition: string[] = [];
    const behavior: string[] = [];
    let behaviorGroup: Group | undefined;
    for (const s of analog) {
      const unit = s.info.unit ?? 'n/a';
      const desc = `${s.info.key} (shape [${(s.info.shape ?? [1]).join(', ')}])`;
      const ts = Float64Array.from(s.t, S);
      if (isBehavior(s.info.key)) {
        if (behaviorGroup === undefined) {
          const mod = (f.get('processing') as Group).create_group('behavior');
          typed(mod, 'core', 'ProcessingModule', { description: 'Body and behaviour time series' });
          behaviorGroup = mod.create_group('BehavioralTimeSeries');
          typed(behaviorGroup, 'core', 'BehavioralTimeSeries');
        }
        timeSeries(behaviorGroup, s.info.key, 'TimeSeries', s.v, s.width, ts, unit, desc, 'recorded by neuroloop');
        behavior.push(s.info.key);
      } else {
        timeSeries(f.get('acquisition') as Group, s.info.key, 'TimeSeries', s.v, s.width, ts, unit, desc, 'recorded by neuroloop');
        acquisition.push(s.info.key);
      }
    }
    const intervals = f.get('intervals') as Group;
    const iv = [...writeTrials(intervals, run), ...eventStreams.map((s) => writeEvents(intervals, s))];
    return { file, units: u.units, spikes: u.spikes, acquisition, behavior, intervals: iv };
  } finally {
    f.close();
  }
}
