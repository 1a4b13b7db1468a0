/** Public API of transceivers/multiscale: rate ↔ spike conversion for TVB–NEST-style co-simulation. */
export { SpikeBuffer } from './spike-buffer.js';
export { poissonSpikes, type PoissonMode } from './rates-to-spikes.js';
export { histogramRateHz, exponentialKernelRateHz } from './spikes-to-rates.js';
export {
  rateToSpikesTransceiver, spikesToRateTransceiver, type RateToSpikesOptions, type SpikesToRateOptions,
} from './multiscale-transceivers.js';
