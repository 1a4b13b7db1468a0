/** The backend-neutral network IR (PyNN vocabulary), its validation and connectivity expansion. */
export {
  DistributionSchema, ValueSchema, PositionsSchema, PopulationSchema, DistanceProfileSchema, ConnectorSchema, SynapseSchema,
  ProjectionSchema, CurrentSourceSchema, RecorderSchema, NetworkSchema,
  type DistributionDesc, type ValueDesc, type PositionsDesc, type PopulationDesc, type ConnectorDesc, type SynapseDesc,
  type ProjectionDesc, type CurrentSourceDesc, type RecorderDesc, type NetworkDesc, type NetworkDescInput,
} from './network-desc.js';
export { validateNetwork } from './validate-network.js';
export { computePositions } from './positions.js';
export { sampleValue } from './sample-value.js';
export { type ConnectionList, type CsrBySource, type ConnectionPairs, expandProjection, connectPairs, drawSynapseValues, toCsrBySource, populationPositions } from './expand-connectivity.js';
