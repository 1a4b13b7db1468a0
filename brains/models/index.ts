/** Standard cell and synapse types with PyNN names, defaults and units. */
export {
  type ParamSpec, type SynapseKind, type CellTypeDesc, type CellTypeName,
  IF_curr_exp, IF_curr_alpha, IF_curr_delta, IF_cond_exp, IF_cond_alpha, EIF_cond_exp_isfa_ista, Izhikevich, Parrot,
  SpikeSourcePoisson, SpikeSourceArray, SpikeSourceRegular, SpikeSourceExternal,
  CELL_TYPES, CELL_TYPE_NAMES, resolveParams,
} from './cell-types.js';
export { SPIKE_PAIR_RULE, WEIGHT_DEPENDENCE, PF_PC_RULE, MF_DCN_RULE, PC_DCN_RULE } from './synapse-types.js';
