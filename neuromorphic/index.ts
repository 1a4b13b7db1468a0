/**
 * Public API of neuromorphic/: the event-driven emulator (float / SpiNNaker / BrainScaleS-2
 * profiles), SpiNNaker live I/O (EIEIO, SDP/SCP, database handshake, live engine), job clients
 * (EBRAINS NMPI, spalloc), BrainScaleS-2 batch runs, PyNN export and protocol-faithful stand-ins.
 * Node-only parts (UDP, TCP, HTTP, files) are the SpiNNaker live connection/engine, jobs and
 * stand-ins; the codecs, emulator and exporter use no Node APIs.
 */
export * as emulator from './emulator/index.js';
export * as spinnaker from './spinnaker/index.js';
export * as jobs from './jobs/index.js';
export * as brainscales2 from './brainscales2/index.js';
export * as pynnExport from './pynn-export/index.js';
export * as standIns from './stand-ins/index.js';
export { EmulatorEngine, hardwareProfile } from './emulator/index.js';
export { exportPyNN } from './pynn-export/index.js';
