/**
 * The mean-field model contract (TVB's `Model.dfun`): a node's state derivative given its state and
 * its long-range coupling input. Kernels work on struct-of-arrays typed arrays so nothing
 * allocates per step: state `x[v * n + i]` (variable v, node i), coupling `c[k * n + i]`.
 */

/** Optional lower/upper bound per state variable (TVB `state_variable_boundaries`). */
export type Bound = readonly [lo: number | undefined, hi: number | undefined];

/** A neural-mass model instance with its parameters fixed. */
export interface MeanFieldModel {
  /** TVB class name, e.g. 'JansenRit'. */
  readonly name: string;
  /** State variable names in order (TVB `state_variables`). */
  readonly stateNames: readonly string[];
  /** Indices of the coupling variables (TVB `cvar`). */
  readonly cvar: readonly number[];
  /** Range of each state variable (TVB `state_variable_range`), used for initial conditions. */
  readonly stateRange: readonly (readonly [number, number])[];
  /** Hard boundaries per variable, applied by the integrators (undefined entries = unbounded). */
  readonly boundaries?: readonly (Bound | undefined)[];
  /** Number of long-range coupling inputs `c_k` the model reads (usually 1). */
  readonly nCouplingInputs: number;
  /**
   * Writes dx/dt (per ms) for n nodes. `c` holds the long-range coupling input (already including
   * any external drive), layout `c[k * n + i]`. Must not allocate.
   */
  dfun(x: Float64Array, c: Float64Array, n: number, dx: Float64Array): void;
  /** Unit of rateHz's output: 'Hz' for rate models, 'a.u.' for activity models (WC E, G2D V). */
  readonly rateUnit?: 'Hz' | 'a.u.';
  /** Population firing rate per node in Hz (what a spiking replacement must reproduce). */
  rateHz(x: Float64Array, n: number, out: Float64Array): void;
  /** The default observable per node for monitors and BOLD (e.g. y1 - y2 for Jansen–Rit). */
  observe(x: Float64Array, n: number, out: Float64Array): void;
  /** The model's parameters after merging with the defaults (read by fused kernels). */
  readonly params?: Readonly<Record<string, number>>;
}
