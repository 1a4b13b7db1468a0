/**
 * Standard cell types, declared once with their PyNN names, parameter defaults and units
 * (PyNN `pyNN/standardmodels/cells.py`; units: ms, mV, nF, nA, µS, Hz). Every backend (our
 * simulator, the neuromorphic emulator, PyNN export) translates from these tables; nothing else
 * in the code base spells a default.
 */

/** One parameter of a cell type: PyNN default and unit. */
export interface ParamSpec {
  readonly default: number;
  readonly unit: string;
  readonly description: string;
}

/** How a cell type integrates synaptic input. */
export type SynapseKind = 'current' | 'conductance' | 'none';

/** A standard cell type (a neuron model or a spike source). */
export interface CellTypeDesc {
  /** PyNN class name, e.g. `IF_curr_exp`. */
  readonly name: string;
  /** True for spike sources (no membrane, cannot receive projections). */
  readonly isSource: boolean;
  readonly synapseKind: SynapseKind;
  /** Receptor types accepted by `Projection(receptor_type=...)`. */
  readonly receptors: readonly string[];
  /** Unit of weights onto this cell: nA (current-based) or µS (conductance-based). */
  readonly weightUnit: 'nA' | 'uS' | 'mV' | 'none';
  /** Variables that can be recorded besides spikes. */
  readonly recordables: readonly string[];
  /** Scalar parameters (PyNN names). */
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Initial values of state variables (PyNN `initial_values`). */
  readonly initialValues: Readonly<Record<string, number>>;
  /** True when this is a PyNN standard type; false for neuroloop additions. */
  readonly pynnStandard: boolean;
}

const p = (d: number, unit: string, description: string): ParamSpec => ({ default: d, unit, description });

const LIF_BASE = {
  cm: p(1.0, 'nF', 'membrane capacitance'),
  tau_m: p(20.0, 'ms', 'membrane time constant'),
  tau_refrac: p(0.1, 'ms', 'refractory period'),
  v_rest: p(-65.0, 'mV', 'resting potential'),
  v_reset: p(-65.0, 'mV', 'reset potential after a spike'),
  v_thresh: p(-50.0, 'mV', 'spike threshold'),
  i_offset: p(0.0, 'nA', 'constant injected current'),
};

const EXC_INH = ['excitatory', 'inhibitory'] as const;

/** IF_curr_exp: LIF, current-based exponential synapses. Integrated exactly (propagator). */
export const IF_curr_exp: CellTypeDesc = {
  name: 'IF_curr_exp', isSource: false, synapseKind: 'current', receptors: EXC_INH, weightUnit: 'nA',
  recordables: ['v', 'isyn_exc', 'isyn_inh'], pynnStandard: true,
  params: { ...LIF_BASE, tau_syn_E: p(5.0, 'ms', 'excitatory synaptic time constant'), tau_syn_I: p(5.0, 'ms', 'inhibitory synaptic time constant') },
  initialValues: { v: -65.0, isyn_exc: 0, isyn_inh: 0 },
};

/** IF_curr_alpha: LIF, current-based alpha synapses (peak = weight at t = tau_syn). Exact. */
export const IF_curr_alpha: CellTypeDesc = {
  name: 'IF_curr_alpha', isSource: false, synapseKind: 'current', receptors: EXC_INH, weightUnit: 'nA',
  recordables: ['v', 'isyn_exc', 'isyn_inh'], pynnStandard: true,
  params: { ...LIF_BASE, tau_syn_E: p(0.5, 'ms', 'excitatory alpha time constant'), tau_syn_I: p(0.5, 'ms', 'inhibitory alpha time constant') },
  initialValues: { v: -65.0, isyn_exc: 0, isyn_inh: 0 },
};

/** IF_curr_delta: LIF with delta synapses (weights are voltage jumps in mV). Exact. */
export const IF_curr_delta: CellTypeDesc = {
  name: 'IF_curr_delta', isSource: false, synapseKind: 'current', receptors: EXC_INH, weightUnit: 'mV',
  recordables: ['v'], pynnStandard: true, params: { ...LIF_BASE }, initialValues: { v: -65.0 },
};

/** IF_cond_exp: LIF, conductance-based exponential synapses (weights in µS). */
export const IF_cond_exp: CellTypeDesc = {
  name: 'IF_cond_exp', isSource: false, synapseKind: 'conductance', receptors: EXC_INH, weightUnit: 'uS',
  recordables: ['v', 'gsyn_exc', 'gsyn_inh'], pynnStandard: true,
  params: {
    ...LIF_BASE,
    tau_syn_E: p(5.0, 'ms', 'excitatory conductance time constant'), tau_syn_I: p(5.0, 'ms', 'inhibitory conductance time constant'),
    e_rev_E: p(0.0, 'mV', 'excitatory reversal potential'), e_rev_I: p(-70.0, 'mV', 'inhibitory reversal potential'),
  },
  initialValues: { v: -65.0, gsyn_exc: 0, gsyn_inh: 0 },
};

/** IF_cond_alpha: LIF, conductance-based alpha synapses (weights in µS). */
export const IF_cond_alpha: CellTypeDesc = {
  name: 'IF_cond_alpha', isSource: false, synapseKind: 'conductance', receptors: EXC_INH, weightUnit: 'uS',
  recordables: ['v', 'gsyn_exc', 'gsyn_inh'], pynnStandard: true,
  params: {
    ...LIF_BASE,
    tau_syn_E: p(0.3, 'ms', 'excitatory alpha time constant'), tau_syn_I: p(0.5, 'ms', 'inhibitory alpha time constant'),
    e_rev_E: p(0.0, 'mV', 'excitatory reversal potential'), e_rev_I: p(-70.0, 'mV', 'inhibitory reversal potential'),
  },
  initialValues: { v: -65.0, gsyn_exc: 0, gsyn_inh: 0 },
};

/** EIF_cond_exp_isfa_ista: adaptive exponential IF (AdEx, Brette & Gerstner 2005). */
export const EIF_cond_exp_isfa_ista: CellTypeDesc = {
  name: 'EIF_cond_exp_isfa_ista', isSource: false, synapseKind: 'conductance', receptors: EXC_INH, weightUnit: 'uS',
  recordables: ['v', 'w', 'gsyn_exc', 'gsyn_inh'], pynnStandard: true,
  params: {
    cm: p(0.281, 'nF', 'membrane capacitance'),
    tau_refrac: p(0.1, 'ms', 'refractory period'),
    v_spike: p(-40.0, 'mV', 'spike detection threshold'),
    v_reset: p(-70.6, 'mV', 'reset potential'),
    v_rest: p(-70.6, 'mV', 'resting potential'),
    tau_m: p(9.3667, 'ms', 'membrane time constant'),
    i_offset: p(0.0, 'nA', 'constant injected current'),
    a: p(4.0, 'nS', 'subthreshold adaptation conductance'),
    b: p(0.0805, 'nA', 'spike-triggered adaptation increment'),
    delta_T: p(2.0, 'mV', 'slope factor'),
    tau_w: p(144.0, 'ms', 'adaptation time constant'),
    v_thresh: p(-50.4, 'mV', 'exponential threshold'),
    e_rev_E: p(0.0, 'mV', 'excitatory reversal potential'),
    tau_syn_E: p(5.0, 'ms', 'excitatory conductance time constant'),
    e_rev_I: p(-80.0, 'mV', 'inhibitory reversal potential'),
    tau_syn_I: p(5.0, 'ms', 'inhibitory conductance time constant'),
  },
  initialValues: { v: -70.6, w: 0, gsyn_exc: 0, gsyn_inh: 0 },
};

/** Izhikevich (2003) with PyNN's units: v in mV, u in mV/ms, currents in nA, delta synapses. */
export const Izhikevich: CellTypeDesc = {
  name: 'Izhikevich', isSource: false, synapseKind: 'current', receptors: EXC_INH, weightUnit: 'nA',
  recordables: ['v', 'u'], pynnStandard: true,
  params: {
    a: p(0.02, '1/ms', 'recovery time scale'),
    b: p(0.2, '1/ms', 'recovery sensitivity'),
    c: p(-65.0, 'mV', 'reset potential'),
    d: p(2.0, 'mV/ms', 'recovery reset increment'),
    i_offset: p(0.0, 'nA', 'constant injected current'),
  },
  initialValues: { v: -70.0, u: -14.0 },
};

/** Parrot neuron (NEST `parrot_neuron`): re-emits every input spike after the synaptic delay. */
export const Parrot: CellTypeDesc = {
  name: 'Parrot', isSource: false, synapseKind: 'none', receptors: ['excitatory'], weightUnit: 'none',
  recordables: [], pynnStandard: false, params: {}, initialValues: {},
};

/** SpikeSourcePoisson: homogeneous Poisson spike trains (rate may be driven by an input port). */
export const SpikeSourcePoisson: CellTypeDesc = {
  name: 'SpikeSourcePoisson', isSource: true, synapseKind: 'none', receptors: [], weightUnit: 'none',
  recordables: [], pynnStandard: true, initialValues: {},
  params: {
    rate: p(1.0, 'Hz', 'mean firing rate'),
    start: p(0.0, 'ms', 'start time'),
    duration: p(1e10, 'ms', 'duration of firing'),
  },
};

/** SpikeSourceArray: explicit spike times (given per population or per neuron in the descriptor). */
export const SpikeSourceArray: CellTypeDesc = {
  name: 'SpikeSourceArray', isSource: true, synapseKind: 'none', receptors: [], weightUnit: 'none',
  recordables: [], pynnStandard: true, params: {}, initialValues: {},
};

/** Regular (clock-like) spike source; neuroloop addition (PyNN has no standard regular source). */
export const SpikeSourceRegular: CellTypeDesc = {
  name: 'SpikeSourceRegular', isSource: true, synapseKind: 'none', receptors: [], weightUnit: 'none',
  recordables: [], pynnStandard: false, initialValues: {},
  params: {
    rate: p(10.0, 'Hz', 'firing rate (interval = 1000/rate ms)'),
    start: p(0.0, 'ms', 'time of the first spike'),
    duration: p(1e10, 'ms', 'duration of firing'),
  },
};

/**
 * External spike source fed from the bus (an engine input port named after the population).
 * Lowered to `SpikeInjector` on SpiNNaker and to `SpikeSourceArray` in offline PyNN export.
 */
export const SpikeSourceExternal: CellTypeDesc = {
  name: 'SpikeSourceExternal', isSource: true, synapseKind: 'none', receptors: [], weightUnit: 'none',
  recordables: [], pynnStandard: false, params: {}, initialValues: {},
};

/** Every standard cell type by name (an explicit table; nothing registers itself). */
export const CELL_TYPES = {
  IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, EIF_cond_exp_isfa_ista, Izhikevich, Parrot,
  SpikeSourcePoisson, SpikeSourceArray, SpikeSourceRegular, SpikeSourceExternal,
} as const satisfies Record<string, CellTypeDesc>;

/** Name of a standard cell type. */
export type CellTypeName = keyof typeof CELL_TYPES;

/** All cell type names, for schemas and messages. */
export const CELL_TYPE_NAMES = Object.keys(CELL_TYPES) as CellTypeName[];

/** Full parameter set of a cell type: defaults overridden by `given` (unknown names are not checked here). */
export function resolveParams(type: CellTypeName, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, spec] of Object.entries(CELL_TYPES[type].params)) out[k] = given[k] ?? spec.default;
  return out;
}
