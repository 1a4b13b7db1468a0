/** NWB 2.7 export of run folders with h5wasm (Node-only). */
export { exportNwb, NWB_VERSION, type ExportNwbOptions, type ExportNwbResult } from './export-nwb.js';
export { typed, numeric, dynamicTable, timeSeries, type Column, type NwbNamespace } from './nwb-writer.js';
