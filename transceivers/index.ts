/**
 * Public API of transceivers/: pure encoder/decoder/utility functions with explicit state, meant to
 * be the body of `defineTransceiver({... fn})`. Browser-ready (no Node APIs). Units are in names.
 */
// Encoders
export { type LinearGainDesc, type SigmoidGainDesc, type RateGainDesc, checkRateGain, applyRateGain } from './encoders/rate-gain.js';
export {
  type PoissonEncoderDesc, type PoissonEncoderState, createPoissonEncoder, poissonEncode, poissonSpikes, poissonEncodeRateFn, sortedBatch,
} from './encoders/poisson-rate.js';
export { type RegularEncoderDesc, type RegularEncoderState, createRegularEncoder, regularEncode } from './encoders/regular-rate.js';
export { type CurrentEncoderDesc, type CurrentEncoderState, createCurrentEncoder, currentEncode } from './encoders/current-injection.js';
export { type PopulationCodeDesc, type PopulationCode, createPopulationCode, populationRates } from './encoders/population-code.js';
export { type PhaseCodeDesc, type PhaseCode, createPhaseCode, phaseRates } from './encoders/phase-code.js';
export { type ChangeEventDesc, type ChangeEventState, createChangeEvents, changeEventsEncode } from './encoders/change-events.js';
// Decoders
export {
  type ExpRateState, type BoxcarRateState, createExpRateDecoder, expRateUpdate, createBoxcarRateDecoder, boxcarRateUpdate,
} from './decoders/rate-window.js';
export { populationVectorDecode, circularPopulationVector, populationVectorBiasBound } from './decoders/population-vector.js';
export { type AgonistAntagonistDesc, type AgonistAntagonistState, createAgonistAntagonist, agonistAntagonistDecode } from './decoders/agonist-antagonist.js';
export { type WinnerTakeAllDesc, type WinnerTakeAllState, createWinnerTakeAll, winnerTakeAll } from './decoders/winner-take-all.js';
export { type LeakyIntegratorState, createLeakyIntegrator, leakyIntegrateAnalog, leakyIntegrateSpikes } from './decoders/leaky-integrator.js';
// Utilities
export { type ClipReport, emptyClipReport, clipInto, reportClip } from './utilities/clip.js';
export {
  type DelayLineDesc, type DelayLineState, type SpikeDelayState, delaySteps, createDelayLine, delayPush, createSpikeDelay, spikeDelayPush,
} from './utilities/delay-line.js';
export {
  degToRad, radToDeg, rpmToRadPerS, radPerSToRpm, hzToIsiMs, isiMsToHz, countToHz, hzToExpectedCount, pAToNA, nAToPA,
  wheelRadPerSToMPerS, mPerSToWheelRadPerS, wrapAngle,
} from './utilities/units.js';
export { requirePositive, requireNonNegative, requireFinite, requirePositiveInt, requireLength, requireFiniteArray } from './utilities/check.js';
// Multiscale (spiking ↔ mean-field) transceivers, owned by the mean-field engineer; namespaced
// because its `poissonSpikes` differs from the encoder above.
export * as multiscale from './multiscale/index.js';
