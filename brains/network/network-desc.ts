/**
 * The backend-neutral network IR (`NetworkDesc`) in PyNN terms: populations of standard cell
 * types, projections (connector + synapse type + receptor), current sources and recorders, all in
 * biological units (ms, mV, nF, nA, µS, Hz). One zod schema gives the TS types, the validation and
 * a JSON Schema. Cross-field rules (labels exist, receptors valid, parameter names known, sizes
 * match) live in validate-network.ts.
 */
import { z } from 'zod';
import { CELL_TYPE_NAMES } from '../models/cell-types.js';

const finite = z.number().refine((x) => Number.isFinite(x), 'must be a finite number');
const positive = finite.refine((x) => x > 0, 'must be > 0');
const nonNeg = finite.refine((x) => x >= 0, 'must be ≥ 0');
const prob = finite.refine((x) => x >= 0 && x <= 1, 'must be a probability in [0, 1]');
const label = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier (letters, digits, _), used as a port name');

/** A random distribution (PyNN `RandomDistribution` names and parameters). */
export const DistributionSchema = z.discriminatedUnion('distribution', [
  z.object({ distribution: z.literal('uniform'), low: finite, high: finite }).strict(),
  z.object({ distribution: z.literal('normal'), mu: finite, sigma: nonNeg }).strict(),
  z.object({ distribution: z.literal('normal_clipped'), mu: finite, sigma: nonNeg, low: finite, high: finite }).strict(),
  z.object({ distribution: z.literal('exponential'), beta: positive }).strict(),
]);
/** A random distribution. */
export type DistributionDesc = z.infer<typeof DistributionSchema>;

/** A constant or a random distribution (weights, delays, initial values). */
export const ValueSchema = z.union([finite, DistributionSchema]);
/** A constant or a random distribution. */
export type ValueDesc = z.infer<typeof ValueSchema>;

/** Neuron positions (µm), used by DistanceDependentProbability. */
export const PositionsSchema = z.discriminatedUnion('structure', [
  z.object({ structure: z.literal('line'), dx: positive.default(1), x0: finite.default(0) }).strict(),
  z.object({ structure: z.literal('grid2d'), aspectRatio: positive.default(1), dx: positive.default(1), dy: positive.default(1) }).strict(),
  z.object({ structure: z.literal('random_cuboid'), width: positive, height: positive, depth: positive }).strict(),
  z.object({ structure: z.literal('explicit'), xyz: z.array(z.tuple([finite, finite, finite])) }).strict(),
]);
/** Neuron positions. */
export type PositionsDesc = z.infer<typeof PositionsSchema>;

/** A population of `size` cells of one standard type. */
export const PopulationSchema = z.object({
  label,
  size: z.number().int().positive(),
  cellType: z.enum(CELL_TYPE_NAMES as [string, ...string[]]),
  /** PyNN parameters (names and units of brains/models); missing ones take the defaults. */
  params: z.record(z.string(), finite).default({}),
  /** Initial values of state variables, e.g. `{v: {distribution: 'uniform', low: -65, high: -55}}`. */
  initial: z.record(z.string(), ValueSchema).default({}),
  /** SpikeSourceArray only: one list for all neurons, or one list per neuron (ms). */
  spikeTimes: z.union([z.array(nonNeg), z.array(z.array(nonNeg))]).optional(),
  positions: PositionsSchema.optional(),
}).strict();
/** A population. */
export type PopulationDesc = z.infer<typeof PopulationSchema>;

/** Distance-dependent connection probability profile (structured: PyNN's string expressions are not evaluated). */
export const DistanceProfileSchema = z.discriminatedUnion('profile', [
  z.object({ profile: z.literal('exponential'), pMax: prob, lengthUm: positive }).strict(),
  z.object({ profile: z.literal('gaussian'), pMax: prob, sigmaUm: positive }).strict(),
  z.object({ profile: z.literal('step'), p: prob, dMaxUm: positive }).strict(),
]);

/** PyNN connectors. */
export const ConnectorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('AllToAll'), allowSelfConnections: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('OneToOne') }).strict(),
  z.object({ type: z.literal('FixedProbability'), p: prob, allowSelfConnections: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('FixedNumberPre'), n: z.number().int().nonnegative(), withReplacement: z.boolean().default(false), allowSelfConnections: z.boolean().default(true) }).strict(),
  z.object({ type: z.literal('FixedNumberPost'), n: z.number().int().nonnegative(), withReplacement: z.boolean().default(false), allowSelfConnections: z.boolean().default(true) }).strict(),
  z.object({
    type: z.literal('FromList'),
    /** [pre, post] or [pre, post, weight, delayMs]; weight/delay override the synapse's. */
    conns: z.array(z.union([z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]), z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative(), finite, positive])])),
  }).strict(),
  z.object({ type: z.literal('DistanceDependentProbability'), distance: DistanceProfileSchema, allowSelfConnections: z.boolean().default(true) }).strict(),
]);
/** A connector. */
export type ConnectorDesc = z.infer<typeof ConnectorSchema>;

const weightDelay = { weight: ValueSchema, delay: ValueSchema.default(0.1) };

/** Synapse types: static, STDP (PyNN STDPMechanism) and the cerebellar rules (eyeblink.md). */
export const SynapseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('StaticSynapse'), ...weightDelay }).strict(),
  z.object({
    type: z.literal('STDPMechanism'), ...weightDelay,
    timing: z.object({ rule: z.literal('SpikePairRule'), tau_plus: positive.default(20), tau_minus: positive.default(20), A_plus: nonNeg.default(0.01), A_minus: nonNeg.default(0.01),
      /** 'all' = all-to-all pairing (traces add), 'nearest' = nearest-spike (traces reset to 1). */
      pairing: z.enum(['all', 'nearest']).default('all') }).strict(),
    weightDependence: z.object({ rule: z.enum(['Additive', 'Multiplicative']), w_min: finite.default(0), w_max: finite.default(1) }).strict(),
  }).strict(),
  z.object({
    type: z.literal('PfPcPlasticity'), ...weightDelay,
    /** Label of the teacher (climbing fibre / IO) population; neuron k teaches post neuron k. */
    teacher: label,
    A_plus: finite.default(2.25e-4), A_minus: finite.default(-0.009), w_min: finite.default(0), w_max: finite.default(2),
  }).strict(),
  z.object({
    type: z.literal('MfDcnPlasticity'), ...weightDelay,
    /** Label of the PC population whose spikes (through the PC→DCN projection) gate LTD. */
    pcProjection: label,
    A_plus: finite.default(1e-5), A_minus: finite.default(-1e-6), w_min: finite.default(0), w_max: finite.default(0.25), windowMs: positive.default(10),
  }).strict(),
  z.object({
    type: z.literal('PcDcnPlasticity'), ...weightDelay,
    tau_plus: positive.default(30), lambda: finite.default(1e-7), alpha: finite.default(10), w_min: finite.default(-0.5), w_max: finite.default(0),
  }).strict(),
]);
/** A synapse type. */
export type SynapseDesc = z.infer<typeof SynapseSchema>;

/** A projection pre → post. */
export const ProjectionSchema = z.object({
  label,
  pre: label,
  post: label,
  connector: ConnectorSchema,
  synapse: SynapseSchema,
  receptor: z.string().default('excitatory'),
}).strict();
/** A projection. */
export type ProjectionDesc = z.infer<typeof ProjectionSchema>;

/** Current sources (PyNN DCSource, StepCurrentSource, NoisyCurrentSource), in nA and ms. */
export const CurrentSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('DCSource'), target: label, indices: z.array(z.number().int().nonnegative()).optional(), amplitude: finite, start: nonNeg.default(0), stop: nonNeg.default(1e12) }).strict(),
  z.object({ type: z.literal('StepCurrentSource'), target: label, indices: z.array(z.number().int().nonnegative()).optional(), times: z.array(nonNeg), amplitudes: z.array(finite) }).strict(),
  z.object({ type: z.literal('NoisyCurrentSource'), target: label, indices: z.array(z.number().int().nonnegative()).optional(), mean: finite, stdev: nonNeg, start: nonNeg.default(0), stop: nonNeg.default(1e12), dt: positive.default(0.1) }).strict(),
]);
/** A current source. */
export type CurrentSourceDesc = z.infer<typeof CurrentSourceSchema>;

/** What to record: spikes / state variables of a population, or weights of a projection. */
export const RecorderSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('population'), population: label, variables: z.array(z.string()).min(1), indices: z.array(z.number().int().nonnegative()).optional(), samplingIntervalMs: positive.optional() }).strict(),
  z.object({ kind: z.literal('weights'), projection: label, indices: z.array(z.number().int().nonnegative()).optional(), samplingIntervalMs: positive.default(1) }).strict(),
]);
/** A recorder. */
export type RecorderDesc = z.infer<typeof RecorderSchema>;

/** A whole network. */
export const NetworkSchema = z.object({
  /** Simulation step (ms); delays must be ≥ this and are rounded to it. */
  timestepMs: positive.default(0.1),
  populations: z.array(PopulationSchema).min(1),
  projections: z.array(ProjectionSchema).default([]),
  currentSources: z.array(CurrentSourceSchema).default([]),
  recorders: z.array(RecorderSchema).default([]),
}).strict();
/** A validated, defaults-filled network descriptor. */
export type NetworkDesc = z.infer<typeof NetworkSchema>;
/** What users write (defaults optional). */
export type NetworkDescInput = z.input<typeof NetworkSchema>;
