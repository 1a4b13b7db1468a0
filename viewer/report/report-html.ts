/**
 * The self-contained report.html of a run: header (experiment, seed, status, commit), the summary
 * metrics, per-trial/per-block tables, recorded streams, timing, and every plot as inline SVG
 * (no external file, script or font), each linked to its PNG.
 */
import type { RunData } from '../run/read-run.js';

/** A rendered plot for the report. */
export interface RenderedPlot {
  readonly name: string;
  readonly svg: string;
  readonly png: string;
}

const MAX_ROWS = 500;

/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toPrecision(6) : v.toExponential(4);
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function kvTable(obj: Readonly<Record<string, unknown>>, cls: string): string {
  const rows = Object.entries(obj).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(fmt(v))}</td></tr>`);
  return `<table class="${cls}">${rows.join('')}</table>`;
}

function rowsTable(rows: readonly Record<string, unknown>[], cls: string): string {
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const shown = rows.slice(0, MAX_ROWS);
  const body = shown.map((r) => `<tr>${cols.map((c) => `<td>${esc(fmt(r[c]))}</td>`).join('')}</tr>`).join('');
  const note = rows.length > MAX_ROWS ? `<p class="note">first ${MAX_ROWS} of ${rows.length} rows shown; all rows are in metrics.json</p>` : '';
  return `<table class="${cls}"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>${note}`;
}

const CSS = `body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:2px 8px;font-size:13px;text-align:left}
th{background:#f3f3f3}figure{margin:1em 0 2em}figcaption{font-size:12px;color:#555}.state-failed{color:#b00}.note{color:#666;font-size:12px}`;

/** Builds report.html from a run and its rendered plots. */
export function reportHtml(run: RunData, plots: readonly RenderedPlot[]): string {
  const exp = run.experiment;
  const st = run.status;
  const name = String(exp.name ?? 'run');
  const parts: string[] = [];
  parts.push(`<h1>${esc(name)}</h1>`);
  const head: Record<string, unknown> = {
    state: st.state, seed: exp.seed, 'simulated (s)': typeof st.simTimeNs === 'number' ? st.simTimeNs / 1e9 : undefined,
    'wall (s)': typeof st.wallMs === 'number' ? st.wallMs / 1e3 : undefined, 'git commit': exp.gitCommit, description: exp.description,
  };
  if (st.error !== undefined) head.error = (st.error as { message?: string }).message ?? st.error;
  if (run.truncated.length > 0) head['truncated recordings'] = run.truncated.join(', ');
  parts.push(`<section id="run" class="state-${esc(st.state ?? 'unknown')}">${kvTable(head, 'run')}</section>`);
  if (exp.params !== undefined) parts.push(`<h2>Parameters</h2>${kvTable(exp.params as Record<string, unknown>, 'params')}`);
  const summary = run.metrics.summary;
  if (summary !== undefined && typeof summary === 'object' && summary !== null) {
    parts.push(`<h2>Summary metrics</h2>${kvTable(summary as Record<string, unknown>, 'metrics-summary')}`);
  }
  for (const label of ['blocks', 'trials'] as const) {
    const rows = run.metrics[label];
    if (Array.isArray(rows) && rows.length > 0) parts.push(`<h2>Metrics per ${label.slice(0, -1)}</h2>${rowsTable(rows as Record<string, unknown>[], `metrics-${label}`)}`);
  }
  if (plots.length > 0) {
    parts.push('<h2>Plots</h2>');
    for (const p of plots) {
      parts.push(`<figure id="plot-${esc(p.name)}">${p.svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption>${esc(p.name)} · <a href="${esc(p.png)}">PNG</a></figcaption></figure>`);
    }
  }
  if (run.streams.length > 0) {
    const rows = run.streams.map((s) => ({
      stream: s.info.key, kind: s.kind, shape: s.info.shape?.join('×') ?? s.info.size ?? '', unit: s.info.unit ?? '',
      items: s.t.length, 'from (ms)': s.t.length ? (s.t[0] as number) / 1e6 : '', 'to (ms)': s.t.length ? (s.t[s.t.length - 1] as number) / 1e6 : '',
    }));
    parts.push(`<h2>Recorded streams</h2>${rowsTable(rows, 'streams')}`);
  }
  const timing = Object.fromEntries(Object.entries(run.timing).filter(([, v]) => typeof v !== 'object'));
  if (Object.keys(timing).length > 0) parts.push(`<h2>Timing</h2>${kvTable(timing, 'timing')}`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(name)} report</title><style>${CSS}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`;
}
