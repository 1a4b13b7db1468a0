/** The in-process spiking simulator and its engine. */
export { SpikingEngine, type SpikingEngineOptions } from './spiking-engine.js';
export { SpikingNetwork, buildNetwork, type BuildOptions, type ConnectionsView } from './spiking-network.js';
export { PopulationState, RUNAWAY_MV } from './neurons/population.js';
export { pfPcKernel, PfPcProjection } from './plasticity/pf-pc.js';
export { StdpProjection, type StdpParams } from './plasticity/stdp.js';
export { ProjectionState, StaticProjection, PlasticProjection } from './projection.js';
export { p20, p21, p22, p31, stepsOf } from './propagators.js';
export { cobaNetwork, cubaNetwork, brunelNetwork } from './benchmark-networks.js';
export { spikeStats } from './spike-stats.js';
