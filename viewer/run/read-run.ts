/**
 * Reads a run folder (the format the experiment runner writes; see DESIGN.md §6) into memory for
 * the report, the NWB exporter and the replay server. The viewer owns this small reader so it
 * depends only on the folder format, not on the runner's code. A truncated last NDJSON line (a
 * killed run) is ignored, as the format specifies; corruption anywhere else is an error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.js';

/** One entry of recording/index.json. */
export interface StreamIndexEntry {
  readonly key: string;
  readonly kind: 'analog' | 'spikes' | 'events';
  readonly shape?: readonly number[];
  readonly size?: number;
  readonly unit?: string;
  readonly everyNs?: number;
  readonly file: string;
}

/** An analog stream: `t.length` samples of `width` values each, row-major in `v`. */
export interface AnalogStream {
  readonly kind: 'analog';
  readonly info: StreamIndexEntry;
  readonly width: number;
  readonly t: Float64Array;
  readonly v: Float64Array;
}
/** A spike stream: spike times (ns) and neuron ids. */
export interface SpikeStream {
  readonly kind: 'spikes';
  readonly info: StreamIndexEntry;
  /** Population size (from the index, or max id + 1 if the index gives none). */
  readonly size: number;
  readonly t: Float64Array;
  readonly id: Int32Array;
}
/** An events stream: times (ns) and JSON records. */
export interface EventStream {
  readonly kind: 'events';
  readonly info: StreamIndexEntry;
  readonly t: Float64Array;
  readonly e: readonly Record<string, unknown>[];
}
/** Any recorded stream. */
export type RecordedStream = AnalogStream | SpikeStream | EventStream;

/** One line of recording/trials.ndjson. */
export interface TrialRecord {
  readonly trial: number;
  readonly phase: string;
  readonly startNs: number;
  readonly endNs: number;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** A run folder in memory. */
export interface RunData {
  readonly dir: string;
  readonly experiment: Readonly<Record<string, unknown>> & { readonly name?: string; readonly seed?: number };
  readonly status: Readonly<Record<string, unknown>> & { readonly state?: string; readonly simTimeNs?: number; readonly wallMs?: number };
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly timing: Readonly<Record<string, unknown>>;
  readonly streams: readonly RecordedStream[];
  readonly trials: readonly TrialRecord[];
  /** Stream files whose last line was truncated (killed run). */
  readonly truncated: readonly string[];
}

/** Parses NDJSON text; drops an unparseable final line (reports it), throws on corruption elsewhere. */
export function parseNdjson(text: string, where: string): { lines: unknown[]; truncated: boolean } {
  const parts = text.split('\n');
  let last = parts.length - 1;
  while (last >= 0 && (parts[last] as string).trim() === '') last--;
  const lines: unknown[] = [];
  let truncated = false;
  for (let i = 0; i <= last; i++) {
    const s = parts[i] as string;
    if (s.trim() === '') continue;
    try {
      lines.push(JSON.parse(s));
    } catch {
      if (i === last) truncated = true;
      else throw new ValidationError(`${where}:${i + 1}`, s.slice(0, 40), 'one JSON object per line', 'only the last line of a recording may be truncated; the file is corrupt');
    }
  }
  return { lines, truncated };
}

function readJson(dir: string, name: string, required: boolean): Record<string, unknown> {
  const p = join(dir, name);
  if (!existsSync(p)) {
    if (required) throw new ValidationError('runDir', dir, `a run folder containing ${name}`, 'pass a folder written by `neuroloop run`');
    return {};
  }
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ValidationError(p, String(err), 'valid JSON', 'the file is corrupt; re-run the experiment');
  }
}

function numbers(x: unknown, where: string): number[] {
  if (!Array.isArray(x)) throw new ValidationError(where, typeof x, 'an array of numbers', 'the recording chunk is malformed');
  return x as number[];
}

/** Reads one stream file of a run folder. */
export function readStreamFile(dir: string, info: StreamIndexEntry): { stream: RecordedStream; truncated: boolean } {
  const path = join(dir, 'recording', info.file);
  const { lines, truncated } = existsSync(path) ? parseNdjson(readFileSync(path, 'utf8'), path) : { lines: [], truncated: false };
  const t: number[] = [];
  const vals: number[] = [];
  const ev: Record<string, unknown>[] = [];
  lines.forEach((raw, i) => {
    const c = raw as { t?: unknown; v?: unknown; id?: unknown; e?: unknown };
    const ts = numbers(c.t, `${path}:${i + 1}.t`);
    for (const x of ts) t.push(x);
    if (info.kind === 'analog') for (const x of numbers(c.v, `${path}:${i + 1}.v`)) vals.push(x);
    else if (info.kind === 'spikes') for (const x of numbers(c.id, `${path}:${i + 1}.id`)) vals.push(x);
    else {
      if (!Array.isArray(c.e)) throw new ValidationError(`${path}:${i + 1}.e`, typeof c.e, 'an array of records', 'the recording chunk is malformed');
      for (const x of c.e as Record<string, unknown>[]) ev.push(x);
    }
  });
  if (info.kind === 'analog') {
    const width = (info.shape ?? [1]).reduce((a, b) => a * b, 1);
    if (vals.length !== t.length * width) {
      throw new ValidationError(`${path}.v`, vals.length, `${t.length} × ${width} values`, 'the recording is malformed (row-major t.length × size values expected)');
    }
    return { stream: { kind: 'analog', info, width, t: Float64Array.from(t), v: Float64Array.from(vals) }, truncated };
  }
  if (info.kind === 'spikes') {
    if (vals.length !== t.length) throw new ValidationError(`${path}.id`, vals.length, `${t.length} ids (one per time)`, 'the recording is malformed');
    let max = -1;
    for (const x of vals) if (x > max) max = x;
    return { stream: { kind: 'spikes', info, size: info.size ?? max + 1, t: Float64Array.from(t), id: Int32Array.from(vals) }, truncated };
  }
  if (ev.length !== t.length) throw new ValidationError(`${path}.e`, ev.length, `${t.length} records (one per time)`, 'the recording is malformed');
  return { stream: { kind: 'events', info, t: Float64Array.from(t), e: ev }, truncated };
}

/** Reads a whole run folder (see file comment). */
export function readRun(dir: string): RunData {
  const status = readJson(dir, 'status.json', true);
  const experiment = readJson(dir, 'experiment.json', false);
  const metrics = readJson(dir, 'metrics.json', false);
  const timing = readJson(dir, 'timing.json', false);
  const idx = readJson(join(dir, 'recording'), 'index.json', false) as { streams?: StreamIndexEntry[] };
  const streams: RecordedStream[] = [];
  const truncated: string[] = [];
  for (const info of idx.streams ?? []) {
    const r = readStreamFile(dir, info);
    streams.push(r.stream);
    if (r.truncated) truncated.push(info.file);
  }
  const tp = join(dir, 'recording', 'trials.ndjson');
  const trials = existsSync(tp) ? (parseNdjson(readFileSync(tp, 'utf8'), tp).lines as TrialRecord[]) : [];
  return { dir, experiment, status, metrics, timing, streams, trials, truncated };
}
