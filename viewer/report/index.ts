/** Run reports: vega-lite specs → SVG (no browser) → PNG (resvg-js), and a self-contained report.html. Node-only. */
export { renderReport, type RenderReportOptions, type ReportResult } from './render-report.js';
export { specToSvg, svgToPng, type VegaLiteSpec } from './render-spec.js';
export { defaultSpecs, rasterSpec, traceSpec, eventsSpec, trialsSpec, curveSpec, plotName, type DefaultSpecOptions } from './default-specs.js';
export { reportHtml, esc, type RenderedPlot } from './report-html.js';
export { minMaxIndices } from './decimate.js';
