/** Public API of neuromorphic/pynn-export. */
export { exportPyNN, type ExportPyNNOptions, type PyNNBackend } from './export-pynn.js';
