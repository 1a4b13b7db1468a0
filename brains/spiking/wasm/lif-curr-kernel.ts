/**
 * The WebAssembly IF_curr_exp kernel (lif-curr.wat) and the memory it steps: one WebAssembly.Memory
 * per population holding that population's state arrays, which the population then uses as its
 * own (typed-array views), so delivery, recording and reset work on them unchanged.
 */
import { LIF_CURR_WASM } from './lif-curr-wasm.js';

/** Signature of the `stepExp` export (byte offsets into the memory, then the propagator constants). */
export type StepExpKernel = (
  n: number, pV: number, pE: number, pI: number, pR: number, pSp: number, pInj: number, pRE: number, pRI: number, ring: number,
  vr: number, vreset: number, vth: number, ioff: number, P22: number, P20: number, P21e: number, P21i: number, Pse: number, Psi: number, R1: number, lim: number,
) => number;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this runtime lacks WebAssembly SIMD. */
function lifCurrModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  const bin = atob(LIF_CURR_WASM);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  return compiled;
}

/** Largest memory a population may take (the kernel addresses it with 32-bit offsets). */
const MAX_BYTES = 2 ** 31;

/** State arrays of an n-neuron IF_curr_exp population with `nSlots` ring slots, in WebAssembly memory. */
export class WasmCurrState {
  private constructor(
    readonly v: Float64Array,
    readonly isynExc: Float64Array,
    readonly isynInh: Float64Array,
    readonly refr: Int32Array,
    readonly spikes: Int32Array,
    readonly iInj: Float64Array,
    readonly inE: Float64Array,
    readonly inI: Float64Array,
    readonly stepExp: StepExpKernel,
  ) {}

  /** Allocates the memory and instantiates the kernel; null without WebAssembly SIMD or if the state exceeds 2 GiB. */
  static create(n: number, nSlots: number): WasmCurrState | null {
    const mod = lifCurrModule();
    if (mod === null) return null;
    // Layout: arrays at 16-byte boundaries, after 16 unused bytes (offset 0 means "no array").
    const spikeCap = Math.max(16, n);
    const sizes: [number, number][] = [[8, n], [8, n], [8, n], [4, n], [4, spikeCap], [8, n], [8, nSlots * n], [8, nSlots * n]];
    const offsets: number[] = [];
    let end = 16;
    for (const [b, len] of sizes) {
      offsets.push(end);
      end += Math.ceil((b * len) / 16) * 16;
    }
    if (end > MAX_BYTES) return null;
    const mem = new WebAssembly.Memory({ initial: Math.ceil(end / 65536) });
    const inst = new WebAssembly.Instance(mod, { env: { mem } });
    const buf = mem.buffer;
    const f64 = (k: number): Float64Array => new Float64Array(buf, offsets[k] as number, (sizes[k] as [number, number])[1]);
    const i32 = (k: number): Int32Array => new Int32Array(buf, offsets[k] as number, (sizes[k] as [number, number])[1]);
    return new WasmCurrState(f64(0), f64(1), f64(2), i32(3), i32(4), f64(5), f64(6), f64(7), inst.exports.stepExp as StepExpKernel);
  }
}
