/**
 * Brains: the spiking network IR (PyNN vocabulary), standard models and the in-process spiking
 * simulator. Browser-safe (no Node-only APIs). The ONNX and mean-field brains have their own
 * index files (brains/onnx is Node-only and is deliberately not re-exported here).
 */
export * from './models/index.js';
export * from './network/index.js';
