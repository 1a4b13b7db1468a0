/**
 * `renderReport(runDir)`: renders the default plots of a run plus any extra vega-lite specs the
 * experiment passes, writes plots/<name>.svg, plots/<name>.png and plots/<name>.vl.json, and a
 * self-contained report.html. Node-only (file I/O).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { readRun } from '../run/read-run.js';
import { type DefaultSpecOptions, defaultSpecs, plotName } from './default-specs.js';
import { type RenderedPlot, reportHtml } from './report-html.js';
import { specToSvg, svgToPng, type VegaLiteSpec } from './render-spec.js';

/** Options of renderReport. */
export interface RenderReportOptions extends DefaultSpecOptions {
  /** Extra vega-lite specs by plot name (from the experiment); drawn after the default plots. */
  readonly extraSpecs?: Readonly<Record<string, unknown>>;
  /** Write PNGs too (default true). */
  readonly png?: boolean;
  /** PNG zoom relative to the SVG size (default 2). */
  readonly pngScale?: number;
}

/** What renderReport wrote. */
export interface ReportResult {
  /** Absolute path of report.html. */
  readonly html: string;
  /** Plot names in report order. */
  readonly plots: readonly string[];
}

/** Renders plots and report.html into the run folder (see file comment). */
export async function renderReport(runDir: string, opts: RenderReportOptions = {}): Promise<ReportResult> {
  const run = readRun(runDir);
  const specs = defaultSpecs(run, opts);
  for (const [name, spec] of Object.entries(opts.extraSpecs ?? {})) {
    const key = plotName(name);
    if (specs.has(key)) throw new ValidationError(`extraSpecs.${name}`, name, 'a plot name not used by the default plots', `rename it (e.g. '${key}-custom')`);
    specs.set(key, spec as VegaLiteSpec);
  }
  const plotsDir = join(runDir, 'plots');
  mkdirSync(plotsDir, { recursive: true });
  const rendered: RenderedPlot[] = [];
  for (const [name, spec] of specs) {
    const svg = await specToSvg(spec, name);
    writeFileSync(join(plotsDir, `${name}.vl.json`), `${JSON.stringify(spec)}\n`);
    writeFileSync(join(plotsDir, `${name}.svg`), svg);
    if (opts.png ?? true) writeFileSync(join(plotsDir, `${name}.png`), svgToPng(svg, opts.pngScale ?? 2));
    rendered.push({ name, svg, png: `plots/${name}.png` });
  }
  const html = join(runDir, 'report.html');
  writeFileSync(html, reportHtml(run, rendered));
  return { html, plots: rendered.map((p) => p.name) };
}
