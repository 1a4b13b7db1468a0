/**
 * Renders a vega-lite spec to SVG without a browser (vega's headless 'none' renderer) and SVG to
 * PNG with resvg-js (system fonts). No DOM, no canvas, no native build (specs/ecosystem.md §4).
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ValidationError } from '../../core/errors.js';

/** A vega-lite spec as plain JSON. */
export type VegaLiteSpec = Readonly<Record<string, unknown>>;

/** Compiles a vega-lite spec and renders it to an SVG string. */
export async function specToSvg(spec: VegaLiteSpec, name = 'spec'): Promise<string> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ValidationError(`plots.${name}`, spec, 'a vega-lite spec object', 'pass a JSON object such as {mark, encoding, data}');
  }
  let compiled: vega.Spec;
  try {
    compiled = compile(spec as unknown as TopLevelSpec).spec;
  } catch (err) {
    throw new ValidationError(`plots.${name}`, String(err instanceof Error ? err.message : err), 'a valid vega-lite spec', 'check the spec in the Vega editor');
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG string to PNG bytes (`scale` × the SVG's own size). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}
