/**
 * WebAssembly kernels of the spiking simulator and the memory they step: one WebAssembly.Memory per
 * population holds that population's state arrays, which the population then uses as its own
 * (typed-array views), so delivery, recording and reset work on them unchanged.
 *  - IF_curr_exp, IF_curr_alpha: lif-curr.wat, two neurons per f64x2 vector;
 *  - IF_cond_exp, IF_cond_alpha: lif-cond.wat, two neurons per f64x2 vector, with fast-exp's tables
 *    in the same memory.
 * Both are bit-identical to the JavaScript kernels (tests/brains/spiking/wasm-kernel.test.ts).
 */
import { FAST_EXP_DATA } from '../../numerics/fast-exp.js';
import { LIF_COND_WASM } from './lif-cond-wasm.js';
import { LIF_CURR_WASM } from './lif-curr-wasm.js';

/**
 * The `stepExp` and `stepAlpha` exports of lif-curr.wat (one signature; stepExp ignores the alpha
 * tail): byte offsets into the memory, the propagator constants, then y's offsets and alpha's.
 */
export type StepCurr = (
  n: number, pV: number, pE: number, pI: number, pR: number, pSp: number, pInj: number, pRE: number, pRI: number, ring: number,
  vr: number, vreset: number, vth: number, ioff: number, P22: number, P20: number, P21e: number, P21i: number, Pse: number, Psi: number, R1: number, lim: number,
  pYE: number, pYI: number, P31e: number, P31i: number, hE: number, hI: number,
) => number;

/** The `stepCondExp` and `stepCondAlpha` exports of lif-cond.wat (one signature; stepCondExp ignores the alpha tail). */
export type StepCond = (
  n: number, pV: number, pE: number, pI: number, pR: number, pQ: number, pSp: number, pInj: number, pRE: number, pRI: number, pRE0: number, pRI0: number, nSlots: number,
  ring: number, canSkip: number, R1: number, pC: number, pJ: number, pM: number,
  gL: number, vr: number, EE: number, EI: number, vreset: number, vth: number, ioff: number, Pse: number, Psi: number, mh: number, gFlush: number, vRest: number, vSnap: number, lim: number,
  pYE: number, pYI: number, hE: number, hI: number,
) => number;

const modules = new Map<string, WebAssembly.Module | null>();

/** The compiled module of a base64 binary, or null where this runtime lacks WebAssembly SIMD or refuses to compile it. */
function compiled(b64: string): WebAssembly.Module | null {
  let m = modules.get(b64);
  if (m !== undefined) return m;
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  try {
    m = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    m = null; // e.g. a page whose content security policy forbids WebAssembly: the JS kernels run
  }
  modules.set(b64, m);
  return m;
}

/** Largest memory a population may take (the kernels address it with 32-bit offsets). */
const MAX_BYTES = 2 ** 31;

type Kind = 'f64' | 'i32' | 'u8';
const BYTES: Record<Kind, number> = { f64: 8, i32: 4, u8: 1 };

/**
 * Lays out `fields` (name, element kind, length) in one new memory at 16-byte boundaries, after 16
 * unused bytes (offset 0 means "no array"), and instantiates `b64` on it; null without WebAssembly
 * SIMD, past 2 GiB, or if the runtime cannot allocate another memory.
 */
function arena(b64: string, fields: readonly [string, Kind, number][], imports: Record<string, unknown> = {}): { views: Map<string, Float64Array | Int32Array | Uint8Array>; exports: WebAssembly.Exports } | null {
  const mod = compiled(b64);
  if (mod === null) return null;
  const offsets: number[] = [];
  let end = 16;
  for (const [, kind, len] of fields) {
    offsets.push(end);
    end += Math.ceil((BYTES[kind] * len) / 16) * 16;
  }
  if (end > MAX_BYTES) return null;
  let mem: WebAssembly.Memory;
  try {
    mem = new WebAssembly.Memory({ initial: Math.ceil(end / 65536) });
  } catch {
    // V8 reserves address space per memory (about 13,000 fitted on this machine, tried by hand):
    // past that, JS kernels.
    return null;
  }
  const inst = new WebAssembly.Instance(mod, { env: { mem, ...imports } });
  const views = new Map<string, Float64Array | Int32Array | Uint8Array>();
  fields.forEach(([name, kind, len], k) => {
    const o = offsets[k] as number;
    views.set(name, kind === 'f64' ? new Float64Array(mem.buffer, o, len) : kind === 'i32' ? new Int32Array(mem.buffer, o, len) : new Uint8Array(mem.buffer, o, len));
  });
  return { views, exports: inst.exports };
}

/** State arrays of an n-neuron IF_curr_exp or IF_curr_alpha population with `nSlots` ring slots, in WebAssembly memory. */
export class WasmCurrState {
  private constructor(
    readonly v: Float64Array,
    readonly isynExc: Float64Array,
    readonly isynInh: Float64Array,
    /** Alpha's y (empty for exp). */
    readonly yExc: Float64Array,
    readonly yInh: Float64Array,
    readonly refr: Int32Array,
    readonly spikes: Int32Array,
    readonly iInj: Float64Array,
    readonly inE: Float64Array,
    readonly inI: Float64Array,
    /** The kernel of this population's shape (stepExp or stepAlpha). */
    readonly step: StepCurr,
  ) {}

  /** Allocates the memory and instantiates the kernel; null where `arena` gives none (then the JS kernel runs). */
  static create(n: number, nSlots: number, alpha: boolean): WasmCurrState | null {
    const ny = alpha ? n : 0;
    const a = arena(LIF_CURR_WASM, [['v', 'f64', n], ['ie', 'f64', n], ['ii', 'f64', n], ['ye', 'f64', ny], ['yi', 'f64', ny], ['refr', 'i32', n], ['spikes', 'i32', Math.max(16, n)], ['inj', 'f64', n], ['inE', 'f64', nSlots * n], ['inI', 'f64', nSlots * n]]);
    if (a === null) return null;
    const f = (k: string) => a.views.get(k) as Float64Array;
    const i = (k: string) => a.views.get(k) as Int32Array;
    return new WasmCurrState(f('v'), f('ie'), f('ii'), f('ye'), f('yi'), i('refr'), i('spikes'), f('inj'), f('inE'), f('inI'), (alpha ? a.exports.stepAlpha : a.exports.stepExp) as StepCurr);
  }
}

/** State arrays of an n-neuron IF_cond_exp or IF_cond_alpha population with `nSlots` ring slots, in WebAssembly memory. */
export class WasmCondState {
  private constructor(
    readonly v: Float64Array,
    readonly gExc: Float64Array,
    readonly gInh: Float64Array,
    /** Alpha's y (empty for exp). */
    readonly yExc: Float64Array,
    readonly yInh: Float64Array,
    readonly refr: Int32Array,
    readonly quiet: Uint8Array,
    readonly spikes: Int32Array,
    readonly iInj: Float64Array,
    readonly inE: Float64Array,
    readonly inI: Float64Array,
    /** Byte offsets of fast-exp's constants and tables. */
    readonly pC: number,
    readonly pJ: number,
    readonly pM: number,
    /** The kernel of this population's shape (stepCondExp or stepCondAlpha). */
    readonly step: StepCond,
  ) {}

  /** Allocates the memory, copies fast-exp's tables into it and instantiates the kernel; null where `arena` gives none. */
  static create(n: number, nSlots: number, alpha: boolean): WasmCondState | null {
    const { constants, twoJ256, twoM } = FAST_EXP_DATA;
    const ny = alpha ? n : 0;
    const a = arena(LIF_COND_WASM, [
      ['c', 'f64', constants.length], ['J', 'f64', twoJ256.length], ['M', 'f64', twoM.length],
      ['v', 'f64', n], ['ge', 'f64', n], ['gi', 'f64', n], ['ye', 'f64', ny], ['yi', 'f64', ny], ['refr', 'i32', n], ['quiet', 'u8', n], ['spikes', 'i32', Math.max(16, n)], ['inj', 'f64', n], ['inE', 'f64', nSlots * n], ['inI', 'f64', nSlots * n],
    ], { exp: Math.exp });
    if (a === null) return null;
    const f = (k: string) => a.views.get(k) as Float64Array;
    f('c').set(constants);
    f('J').set(twoJ256);
    f('M').set(twoM);
    return new WasmCondState(f('v'), f('ge'), f('gi'), f('ye'), f('yi'), a.views.get('refr') as Int32Array, a.views.get('quiet') as Uint8Array, a.views.get('spikes') as Int32Array, f('inj'), f('inE'), f('inI'), f('c').byteOffset, f('J').byteOffset, f('M').byteOffset, (alpha ? a.exports.stepCondAlpha : a.exports.stepCondExp) as StepCond);
  }
}
