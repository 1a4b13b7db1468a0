/**
 * The state of one population in the simulator (struct of arrays) and the per-step kernel
 * interface. Timing convention (Brian2's, stated once here):
 *  - step k covers [k·dt, (k+1)·dt); a neuron whose V crosses threshold in that update spikes
 *    "in step k" and its spike is stamped k·dt;
 *  - a spike in step k through a synapse with delay D steps is added to the target's synaptic
 *    variable after step k+D, so it first acts in the update of step k+D+1 (ring slot k+D+1);
 *  - after a spike V is reset and held at v_reset for round(tau_refrac/dt) − 1 further updates,
 *    so the neuron cannot spike again before (k + round(tau_refrac/dt))·dt.
 */
import { SimulationError } from '../../../core/errors.js';

/** Which kernel steps a population: the WebAssembly one where there is one (else JS), or always JS. */
export type KernelChoice = 'wasm' | 'js';

/** Per-population runtime state shared by neurons and sources. */
export abstract class PopulationState {
  /** Ring buffers of incoming excitatory/inhibitory input: slot s holds [s·n, (s+1)·n). */
  inE: Float64Array = new Float64Array(0);
  inI: Float64Array = new Float64Array(0);
  nSlots = 1;
  /** Neuron ids that spiked in the current step (duplicates = multiple spikes). */
  spikes: Int32Array;
  nSpikes = 0;
  /** Extra injected current (nA) per neuron for the current step, or null if none. */
  iInj: Float64Array | null = null;
  /** False when no projection delivers through the rings (kernels then skip reading them). */
  ringUsed = true;
  /**
   * Quiescence flags of kernels that skip neurons at rest (1 = skipped), or null. Every delivery
   * into this population (ring or direct) clears the flag of each neuron it gives input to, so a
   * kernel finds sleeping neurons with one byte per neuron instead of scanning their inputs.
   */
  wake: Uint8Array | null = null;

  constructor(
    readonly label: string,
    readonly n: number,
    readonly engine: string,
    readonly dtMs: number,
  ) {
    this.spikes = new Int32Array(Math.max(16, n));
  }

  /** Allocates the input rings once the maximum incoming delay is known. */
  allocateRings(nSlots: number): void {
    this.nSlots = nSlots;
    this.inE = new Float64Array(nSlots * this.n);
    this.inI = new Float64Array(nSlots * this.n);
  }

  /** A zeroed per-neuron array for `iInj` (kernels may need it in their own memory). */
  allocateInjection(): Float64Array {
    return new Float64Array(this.n);
  }

  /** Advances step k (time k·dt) and fills `spikes`. */
  abstract step(k: number): void;
  /** Restores initial state (`draw` gives the initial-value draws). */
  abstract resetState(draw: (variable: string, i: number) => number): void;
  /** A recordable state variable, or undefined. */
  abstract variable(name: string): Float64Array | undefined;

  /**
   * The state array a spike's weight is added to for `receptor` (e.g. I_syn, g, alpha y, or V for
   * delta synapses), for direct delivery at the start of the arrival step; null if the model
   * needs the ring path.
   */
  directTarget(_receptor: 'excitatory' | 'inhibitory'): Float64Array | null {
    return null;
  }
  /** If non-null, direct input to neuron i is discarded while gate[i] > 0 (delta synapses during refractoriness). */
  directGate(): Int32Array | null {
    return null;
  }

  /**
   * Runs this kernel's configuration through each of its branches on a throwaway population (once
   * per process and configuration), after the network is wired and before it steps. V8 optimises a
   * kernel on the type feedback it has seen; a branch first taken later (the first spike, the first
   * refractory step, the first conductance) deoptimises it, and V8 may then keep entering the
   * kernel through on-stack-replacement code that boxes every double. No effect on results: the
   * probe shares no state with the network. Default: nothing to prime.
   */
  prime(): void {}

  /** Clears input rings and spikes. */
  clearInputs(): void {
    this.inE.fill(0);
    this.inI.fill(0);
    this.nSpikes = 0;
  }

  /** Grows the spike buffer to hold at least `cap` entries (keeps the current ones). */
  protected reserve(cap: number): void {
    if (cap <= this.spikes.length) return;
    const a = new Int32Array(Math.max(cap, this.spikes.length * 2));
    a.set(this.spikes.subarray(0, this.nSpikes));
    this.spikes = a;
  }

  protected pushSpike(i: number): void {
    if (this.nSpikes === this.spikes.length) {
      const a = new Int32Array(this.spikes.length * 2);
      a.set(this.spikes);
      this.spikes = a;
    }
    this.spikes[this.nSpikes++] = i;
  }

  protected diverged(k: number, variable: string, i: number, value: number): never {
    throw new SimulationError(this.engine, Math.round(k * this.dtMs * 1e6), `${this.label}.${variable}`, i, `= ${value} (population '${this.label}', neuron ${i}, t = ${(k * this.dtMs).toFixed(4)} ms)`);
  }
}

/** The arrays every kernel memory holds besides the model's own state. */
export interface KernelArrays {
  readonly spikes: Int32Array;
  readonly iInj: Float64Array;
  readonly inE: Float64Array;
  readonly inI: Float64Array;
}

/**
 * A population whose kernel may run in its own memory (a WebAssembly kernel, `W`): when the rings
 * are allocated, `createKernel` lays out the state there, or returns null (no such kernel, not
 * chosen, or not available), and the JS kernel keeps the ordinary arrays. `adopt` moves the
 * model's own arrays into the kernel's memory; spikes, rings and the injected current move here.
 */
export abstract class KernelPopulation<W extends KernelArrays> extends PopulationState {
  /** The kernel and its memory, or null when the JS kernel steps this population. */
  protected kernelMem: W | null = null;

  /** The kernel for `nSlots` ring slots, or null for the JS kernel. */
  protected abstract createKernel(nSlots: number): W | null;
  /** Copies the model's state arrays into `w` and uses `w`'s from now on. */
  protected abstract adopt(w: W): void;

  override allocateRings(nSlots: number): void {
    const w = this.createKernel(nSlots);
    this.kernelMem = w;
    if (w === null) {
      super.allocateRings(nSlots);
      return;
    }
    this.adopt(w);
    if (this.iInj !== null) {
      w.iInj.set(this.iInj);
      this.iInj = w.iInj;
    }
    this.spikes = w.spikes;
    this.nSlots = nSlots;
    this.inE = w.inE;
    this.inI = w.inI;
  }

  override allocateInjection(): Float64Array {
    return this.kernelMem !== null ? this.kernelMem.iInj : super.allocateInjection();
  }

  /** True if the kernel in its own memory (WebAssembly) steps this population. */
  get wasmKernel(): boolean {
    return this.kernelMem !== null;
  }

  /**
   * Byte offset of this step's injected current in the kernel memory, or 0 if none. A current array
   * set from outside that memory is copied in first.
   */
  protected injectionOffset(w: W): number {
    const inj = this.iInj;
    if (inj === null) return 0;
    if (inj !== w.iInj) w.iInj.set(inj);
    return w.iInj.byteOffset;
  }
}

/** Steps a kernel probe runs in `prime()`: enough for V8 to allocate and fill its feedback. */
export const PRIME_STEPS = 64;

/**
 * The probe of `prime()`: a 4-neuron population from `make` with `self`'s configuration (rings,
 * injected current), at −65 mV; null if this configuration (`shape` included) was primed already.
 */
export function primeProbe<P extends PopulationState>(done: Set<string>, self: PopulationState, shape: string, make: () => P): P | null {
  const key = `${shape}|${self.ringUsed}|${self.iInj !== null}`;
  if (done.has(key)) return null;
  done.add(key);
  const q = make();
  q.allocateRings(3);
  q.ringUsed = self.ringUsed;
  if (self.iInj !== null) q.iInj = q.allocateInjection();
  q.resetState((variable) => (variable === 'v' ? -65 : 0));
  return q;
}

/** Bound beyond which a membrane potential counts as a runaway (mV). */
export const RUNAWAY_MV = 1e6;

/**
 * Parameters as a Float64Array, for kernels to read into locals. A value read from a plain object
 * can be a small integer (V8 Smi, e.g. v_reset = −70); when such a value joins a double, as
 * V ← v_reset after a spike joins the integrated V, the optimiser may keep the joined value boxed
 * and allocate a heap number per neuron and step (about 1 GB per simulated second on COBA 4k). A
 * Float64Array element is always an unboxed double.
 */
export function unboxedParams(p: Readonly<Record<string, number>>, names: readonly string[]): Float64Array {
  return Float64Array.from(names, (k) => p[k] as number);
}
