/**
 * Standard synapse types and plasticity rules, declared once with PyNN names, defaults and units
 * (PyNN `pyNN/standardmodels/synapses.py`; cerebellar rules from CerebNEST, see
 * shared/specs/eyeblink.md). Times in ms, weights in the unit of the target cell type.
 */
import type { ParamSpec } from './cell-types.js';

const p = (d: number, unit: string, description: string): ParamSpec => ({ default: d, unit, description });

/** SpikePairRule (PyNN): pair-based STDP timing dependence. */
export const SPIKE_PAIR_RULE: Readonly<Record<string, ParamSpec>> = {
  tau_plus: p(20.0, 'ms', 'potentiation window time constant'),
  tau_minus: p(20.0, 'ms', 'depression window time constant'),
  A_plus: p(0.01, '1', 'potentiation amplitude (times w_max for additive)'),
  A_minus: p(0.01, '1', 'depression amplitude (times w_max for additive)'),
};

/** Additive/Multiplicative weight dependence bounds (PyNN). */
export const WEIGHT_DEPENDENCE: Readonly<Record<string, ParamSpec>> = {
  w_min: p(0.0, 'weight', 'lower weight bound'),
  w_max: p(1.0, 'weight', 'upper weight bound'),
};

/** PF–PC rule (CerebNEST `stdp_synapse_sinexp`): LTP per PF spike, sin^20 LTD at teacher spikes. */
export const PF_PC_RULE: Readonly<Record<string, ParamSpec>> = {
  A_plus: p(2.25e-4, 'weight', 'potentiation per parallel-fibre spike'),
  A_minus: p(-0.009, 'weight', 'depression amplitude at a climbing-fibre spike (negative)'),
  w_min: p(0.0, 'weight', 'lower weight bound'),
  w_max: p(2.0, 'weight', 'upper weight bound'),
};

/** MF–DCN rule (CerebNEST `stdp_synapse_cosexp`): LTP per MF spike, cos² LTD near PC spikes. */
export const MF_DCN_RULE: Readonly<Record<string, ParamSpec>> = {
  A_plus: p(1e-5, 'weight', 'potentiation per mossy-fibre spike'),
  A_minus: p(-1e-6, 'weight', 'depression amplitude (negative)'),
  w_min: p(0.0, 'weight', 'lower weight bound'),
  w_max: p(0.25, 'weight', 'upper weight bound'),
  window: p(10.0, 'ms', 'half width of the MF–PC coincidence window'),
};

/** PC–DCN rule: additive STDP (template: tau_plus 30 ms, lambda 1e-7, alpha 10, Wmax −0.5). */
export const PC_DCN_RULE: Readonly<Record<string, ParamSpec>> = {
  tau_plus: p(30.0, 'ms', 'STDP time constant (both sides)'),
  lambda: p(1e-7, 'weight', 'learning rate'),
  alpha: p(10.0, '1', 'depression/potentiation asymmetry'),
  w_min: p(-0.5, 'weight', 'most negative weight (inhibitory magnitude bound)'),
  w_max: p(0.0, 'weight', 'upper bound'),
};
