/**
 * The plots every run gets, built from what the run folder holds: a spike raster per spike
 * stream, traces per analog stream, an event timeline, the trial timeline, and learning curves
 * from `metrics.trials` / `metrics.blocks`. Specs carry their data inline, so each one also opens
 * as-is in the Vega editor or Altair. Large data are reduced visibly (the title says how), never
 * silently.
 */
import type { AnalogStream, EventStream, RunData, SpikeStream, TrialRecord } from '../run/read-run.js';
import { minMaxIndices } from './decimate.js';
import type { VegaLiteSpec } from './render-spec.js';

/** Limits that keep SVGs small enough to open. */
export interface DefaultSpecOptions {
  /** Spikes drawn per raster (the earliest ones; the title gives the window shown). Default 20,000. */
  readonly maxSpikes?: number;
  /** Time buckets of min/max decimation per trace channel. Default 1,000 (≤ 2,000 points). */
  readonly traceBuckets?: number;
  /** Channels drawn per analog stream. Default 8. */
  readonly maxChannels?: number;
}

const WIDTH = 640;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const ms = (ns: number): number => ns / 1e6;

/** A file-safe plot name. */
export function plotName(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'plot';
}

/** Spike raster (time × neuron). */
export function rasterSpec(s: SpikeStream, maxSpikes = 20_000): VegaLiteSpec {
  const n = Math.min(s.t.length, maxSpikes);
  const values: { t: number; id: number }[] = new Array(n);
  for (let i = 0; i < n; i++) values[i] = { t: ms(s.t[i] as number), id: s.id[i] as number };
  const reduced = n < s.t.length ? ` (first ${n} of ${s.t.length} spikes, to ${ms(s.t[n - 1] as number).toFixed(1)} ms)` : ` (${n} spikes)`;
  return {
    $schema: SCHEMA,
    title: { text: `Spike raster: ${s.info.key}`, subtitle: `${s.size} neurons${reduced}` },
    width: WIDTH, height: 220,
    data: { values },
    mark: { type: 'point', filled: true, size: 6, opacity: 0.8 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'id', type: 'quantitative', title: 'neuron', scale: { domain: [0, Math.max(1, s.size - 1)] } },
    },
  };
}

/** Traces of an analog stream (first `maxChannels` channels, min/max decimated). */
export function traceSpec(s: AnalogStream, buckets = 1_000, maxChannels = 8): VegaLiteSpec {
  const nS = s.t.length;
  const nC = Math.min(s.width, maxChannels);
  const values: { t: number; value: number; channel: string }[] = [];
  let kept = 0;
  for (let c = 0; c < nC; c++) {
    const idx = minMaxIndices(nS, (i) => s.v[i * s.width + c] as number, buckets);
    kept = Math.max(kept, idx.length);
    for (const i of idx) values.push({ t: ms(s.t[i] as number), value: s.v[i * s.width + c] as number, channel: `${c}` });
  }
  const notes = [`${nS} samples × ${s.width} channel${s.width === 1 ? '' : 's'}`];
  if (nC < s.width) notes.push(`first ${nC} channels shown`);
  if (kept < nS) notes.push(`min/max decimated to ${kept} points per channel`);
  const unit = s.info.unit !== undefined && s.info.unit !== '1' ? ` (${s.info.unit})` : '';
  return {
    $schema: SCHEMA,
    title: { text: `Trace: ${s.info.key}`, subtitle: notes.join('; ') },
    width: WIDTH, height: 180,
    data: { values },
    mark: { type: 'line', strokeWidth: 1 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'value', type: 'quantitative', title: `${s.info.key}${unit}`, scale: { zero: false } },
      ...(nC > 1 ? { color: { field: 'channel', type: 'nominal', title: 'channel' } } : {}),
    },
  };
}

/** Event timeline (one row per event type). */
export function eventsSpec(s: EventStream): VegaLiteSpec {
  const values = Array.from(s.t, (t, i) => ({ t: ms(t), type: String((s.e[i] as { type?: unknown }).type ?? '?') }));
  return {
    $schema: SCHEMA,
    title: { text: `Events: ${s.info.key}`, subtitle: `${values.length} events` },
    width: WIDTH,
    data: { values },
    mark: { type: 'tick', thickness: 2 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (ms)' },
      y: { field: 'type', type: 'nominal', title: 'event' },
      color: { field: 'type', type: 'nominal', legend: null },
    },
  };
}

/** Trial timeline (bars from start to end, one row per phase). */
export function trialsSpec(trials: readonly TrialRecord[]): VegaLiteSpec {
  const values = trials.map((t) => ({ trial: t.trial, phase: t.phase, start: ms(t.startNs), end: ms(t.endNs) }));
  return {
    $schema: SCHEMA,
    title: { text: 'Trials', subtitle: `${trials.length} trials` },
    width: WIDTH,
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: 'time (ms)' },
      x2: { field: 'end' },
      y: { field: 'phase', type: 'nominal', title: 'phase', sort: null },
      color: { field: 'phase', type: 'nominal', legend: null },
      tooltip: [{ field: 'trial' }, { field: 'phase' }],
    },
  };
}

/** Learning curve(s): every numeric field of `rows` against the row index field (or position). */
export function curveSpec(label: string, rows: readonly Record<string, unknown>[], indexField: string): VegaLiteSpec | undefined {
  const fields = new Set<string>();
  for (const r of rows) for (const [k, v] of Object.entries(r)) if (k !== indexField && typeof v === 'number' && Number.isFinite(v)) fields.add(k);
  if (fields.size === 0 || rows.length === 0) return undefined;
  const values: { x: number; metric: string; value: number }[] = [];
  rows.forEach((r, i) => {
    const x = typeof r[indexField] === 'number' ? (r[indexField] as number) : i;
    for (const f of fields) {
      const v = r[f];
      if (typeof v === 'number' && Number.isFinite(v)) values.push({ x, metric: f, value: v });
    }
  });
  return {
    $schema: SCHEMA,
    title: { text: `Learning curve: metrics.${label}`, subtitle: `${rows.length} ${label}; ${[...fields].join(', ')}` },
    width: WIDTH, height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: indexField },
      y: { field: 'value', type: 'quantitative', title: 'value' },
      color: { field: 'metric', type: 'nominal', title: 'metric' },
    },
  };
}

/** All default specs of a run, by plot name, in report order. */
export function defaultSpecs(run: RunData, opts: DefaultSpecOptions = {}): Map<string, VegaLiteSpec> {
  const out = new Map<string, VegaLiteSpec>();
  for (const [label, idx] of [['blocks', 'block'], ['trials', 'trial']] as const) {
    const rows = run.metrics[label];
    if (Array.isArray(rows)) {
      const spec = curveSpec(label, rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null), idx);
      if (spec !== undefined) out.set(`curve-${label}`, spec);
    }
  }
  for (const s of run.streams) {
    if (s.kind === 'spikes' && s.t.length > 0) out.set(plotName(`raster-${s.info.key}`), rasterSpec(s, opts.maxSpikes));
    else if (s.kind === 'analog' && s.t.length > 0) out.set(plotName(`trace-${s.info.key}`), traceSpec(s, opts.traceBuckets, opts.maxChannels));
    else if (s.kind === 'events' && s.t.length > 0) out.set(plotName(`events-${s.info.key}`), eventsSpec(s));
  }
  if (run.trials.length > 0) out.set('trials', trialsSpec(run.trials));
  return out;
}
