/** Public API of neuromorphic/emulator: hardware profiles, lowering with translation tables, the event-driven emulator engine. */
export { type ProfileName, type SpinnakerLimits, type BrainScaleS2Limits, type HardwareProfile, SPINNAKER_LIMITS, BRAINSCALES2_LIMITS, hardwareProfile } from './hardware-profile.js';
export { EMULATOR_CELL_TYPES, type Deviation, type TranslationRow, type LoweredPopulation, type LoweredProjection, type LoweredNetwork, type LoweredPfPc, lowerNetwork, q1615 } from './lowering.js';
export { EmulatorEngine, type EmulatorEngineOptions, type EmulatorStats, type EmulatorConnections } from './emulator-engine.js';
export { PfPcRule, PFPC_LUT_FRACTION_BITS } from './pf-pc-rule.js';
