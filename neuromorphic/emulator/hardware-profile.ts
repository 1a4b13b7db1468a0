/**
 * Hardware profiles of the emulator: what each target enforces (specs/neuromorphic.md §3).
 * `float` is the unconstrained reference (float64 state, network timestep); `spinnaker` and
 * `brainscales2` apply the limits and number formats of the real chips.
 */
import { ValidationError } from '../../core/errors.js';

/** Profile names. */
export type ProfileName = 'float' | 'spinnaker' | 'brainscales2';

/** SpiNNaker limits (sPyNNaker defaults; spec §3.2). */
export interface SpinnakerLimits {
  /** Timer tick (ms); machine_time_step = 1000 µs. */
  readonly tickMs: number;
  /** Atoms per core for neuron models (DEFAULT_MAX_ATOMS_PER_CORE = 256). */
  readonly neuronsPerCore: number;
  /** Hard maximum per core (POP_TABLE_MAX_ROW_LENGTH / SYNAPSE_INDEX_BITS = 8). */
  readonly maxNeuronsPerCore: number;
  /** Application cores available (a SpiNN-5 board: 48 chips × 16 = 768). */
  readonly maxCores: number;
  /** Maximum delay in ticks (16 on-core + 8 × 16 via delay extensions = 144; old constants). */
  readonly maxDelayTicks: number;
  /** `spikes_per_second` and `ring_buffer_sigma` of the ring-buffer shift rule. */
  readonly spikesPerSecond: number;
  readonly ringBufferSigma: number;
  /** Cell types the toolchain builds (others raise "not supported by the tool chain"). */
  readonly cellTypes: readonly string[];
  /**
   * Ring-buffer left shift per '<post population>:<excitatory|inhibitory>' instead of the shift
   * rule (sPyNNaker: per-population spikes_per_second / ring_buffer_sigma). Finer weight steps,
   * earlier 16-bit ring-buffer saturation.
   */
  readonly ringBufferShifts?: Readonly<Record<string, number>>;
  /**
   * When set, a post population/receptor that receives a plastic projection gets the largest shift
   * (≤ the rule's) at which each non-zero plasticity amplitude spans at least this many weight
   * steps — what a user porting a slow-learning rule to SpiNNaker tunes by hand. Reported.
   */
  readonly plasticMinSteps?: number;
}

/** BrainScaleS-2 limits (pynn_brainscales; spec §3.1). */
export interface BrainScaleS2Limits {
  /** Neuron circuits on a chip. */
  readonly maxNeurons: number;
  /** Synapse rows per neuron (fan-in without merged circuits). */
  readonly maxInputsPerNeuron: number;
  /** Maximum weight of one hardware synapse (6 bit). */
  readonly maxSynapseWeight: number;
  /** Speed-up factor: hardware time = biological time / accelerationFactor. */
  readonly accelerationFactor: number;
  /** Neuron model ranges in hardware units (µs, CapMem LSB). */
  readonly ranges: Readonly<Record<string, readonly [number, number]>>;
  /** IR cell type → BSS-2 cell type. */
  readonly cellTypes: Readonly<Record<string, 'CalibHXNeuronCuba' | 'CalibHXNeuronCoba'>>;
}

/** The SpiNNaker defaults. */
export const SPINNAKER_LIMITS: SpinnakerLimits = {
  tickMs: 1,
  neuronsPerCore: 256,
  maxNeuronsPerCore: 256,
  maxCores: 768,
  maxDelayTicks: 144,
  spikesPerSecond: 30,
  ringBufferSigma: 5,
  cellTypes: ['IF_curr_exp', 'IF_cond_exp', 'IF_curr_alpha', 'Izhikevich', 'SpikeSourcePoisson', 'SpikeSourceArray', 'SpikeSourceExternal'],
};

/** The BrainScaleS-2 defaults. */
export const BRAINSCALES2_LIMITS: BrainScaleS2Limits = {
  maxNeurons: 512,
  maxInputsPerNeuron: 256,
  maxSynapseWeight: 63,
  accelerationFactor: 1000,
  ranges: {
    v_rest: [50, 160], v_reset: [50, 160], v_thresh: [50, 220], tau_m: [0.5, 60], tau_syn_E: [0.3, 30], tau_syn_I: [0.3, 30],
    tau_refrac: [0.04, 32], cm: [0, 63],
  },
  cellTypes: { IF_curr_exp: 'CalibHXNeuronCuba', IF_cond_exp: 'CalibHXNeuronCoba' },
};

/** A hardware profile with its mode. */
export interface HardwareProfile {
  readonly name: ProfileName;
  /** strict: a violated limit throws; lenient: it is reported as a deviation and worked around. */
  readonly strict: boolean;
  readonly spinnaker: SpinnakerLimits;
  readonly brainscales2: BrainScaleS2Limits;
  /** BSS-2 voltage calibration: hardware LSB per mV and the LSB value of v_rest. */
  readonly bss2VoltageLsbPerMv: number;
  /** BSS-2 weight calibration: nA per hardware weight LSB (undefined = max |w| onto a population maps to 63). */
  readonly bss2WeightLsbNa: number | undefined;
}

/** Builds a profile; unknown names throw a ValidationError. */
export function hardwareProfile(
  name: ProfileName,
  opts: { strict?: boolean; spinnaker?: Partial<SpinnakerLimits>; brainscales2?: Partial<BrainScaleS2Limits>; bss2VoltageLsbPerMv?: number; bss2WeightLsbNa?: number } = {},
): HardwareProfile {
  if (name !== 'float' && name !== 'spinnaker' && name !== 'brainscales2') {
    throw new ValidationError('emulator.profile', name, "'float', 'spinnaker' or 'brainscales2'", 'pick one of the supported profiles');
  }
  return {
    name,
    strict: opts.strict ?? true,
    spinnaker: { ...SPINNAKER_LIMITS, ...opts.spinnaker },
    brainscales2: { ...BRAINSCALES2_LIMITS, ...opts.brainscales2 },
    bss2VoltageLsbPerMv: opts.bss2VoltageLsbPerMv ?? 3,
    bss2WeightLsbNa: opts.bss2WeightLsbNa,
  };
}
