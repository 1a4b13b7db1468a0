/** Public API of brains/meanfield: TVB-style whole-brain mean-field models on the bus. */
export { type MeanFieldModel, type Bound } from './models/model.js';
export { mergeParams } from './models/params.js';
export { wilsonCowan, WILSON_COWAN_DEFAULTS, type WilsonCowanParams } from './models/wilson-cowan.js';
export { jansenRit, jansenRitSigmoid, JANSEN_RIT_DEFAULTS, type JansenRitParams } from './models/jansen-rit.js';
export { generic2dOscillator, GENERIC_2D_OSCILLATOR_DEFAULTS, type Generic2dOscillatorParams } from './models/generic-2d-oscillator.js';
export {
  zerlautFirstOrder, ZERLAUT_DEFAULTS, ZERLAUT_P_E, ZERLAUT_P_I, type ZerlautParams, type ZerlautModel, type FluctuationRegime,
} from './models/zerlaut.js';
export { erfc } from './models/erfc.js';
export { makeModel, midpointState, type MeanFieldModelDesc } from './models/model-desc.js';
export { makeCoupling, type CouplingDesc, type CouplingFunction } from './coupling.js';
export { makeIntegrator, type IntegratorDesc, type Integrator, type Dfun } from './integrators.js';
export {
  type Connectivity, rint, checkConnectivity, integerDelays, minInterRegionDelayMs,
} from './connectivity.js';
export { pairConnectivity, ringConnectivity, randomConnectivity } from './synthetic-connectivity.js';
export { loadTvbConnectivityZip, listZipEntries, readZipEntry, parseNumberTable, type ZipEntry } from './tvb-zip.js';
export { makeStimulus, temporalValue, type Stimulus, type StimulusDesc, type TemporalProfile } from './stimulus.js';
export { MeanFieldSimulator, type MeanFieldSimulatorOptions } from './simulator.js';
export { type Monitor } from './monitors/monitor.js';
export { RawMonitor } from './monitors/raw-monitor.js';
export { TemporalAverageMonitor } from './monitors/temporal-average-monitor.js';
export { BoldMonitor, volterraHrf, VOLTERRA_DEFAULTS, type VolterraKernelParams, type BoldMonitorOptions } from './monitors/bold-monitor.js';
export { balloonWindkessel, balloonBold, balloonSteadyState, BALLOON_DEFAULTS, type BalloonParams } from './monitors/balloon-windkessel.js';
export { MeanFieldEngine, type MeanFieldEngineDesc } from './meanfield-engine.js';
export { spectrumPeakHz, powerSpectrum, pearson } from './analysis.js';
export { JansenRitSpikingRegionEngine, type JansenRitSpikingRegionDesc } from './jansen-rit-spiking-region-engine.js';
