/**
 * viewer/: what users see of a run (Node side). `renderReport` (plots + report.html), `exportNwb`
 * (NWB 2.7), `startViewer` (live Babylon.js page of a bus) and `serveReplay` (replay of a run
 * folder). The viewer only sees what the bus streams and what run folders hold.
 */
export { renderReport, type RenderReportOptions, type ReportResult, specToSvg, svgToPng, type VegaLiteSpec } from './report/index.js';
export { exportNwb, type ExportNwbOptions, type ExportNwbResult, NWB_VERSION } from './nwb/index.js';
export { startViewer, type StartViewerOptions, serveReplay, type ServeReplayOptions, type ViewerHandle, type ViewerLayer } from './live/index.js';
export { readRun, type RunData } from './run/index.js';
export { addViewCommand, addExportNwbCommand } from './commands.js';
