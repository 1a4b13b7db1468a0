/**
 * exp(x) by table-driven range reduction, about 3× cheaper than V8's Math.exp in the
 * Jansen–Rit hot loop (four exponentials per node and step) and within 2 ulp of it. Also the
 * exponential-Euler membrane step of IF_cond (brains/spiking and the emulator's float profile).
 *
 *   x = (256·m + j)·ln2/256 + r,   |r| ≤ ln2/512,   exp(x) = 2^m · 2^(j/256) · exp(r)
 *
 * ln2/256 is split into a high part with 21 trailing zero bits (k·hi is exact for |k| < 2^21;
 * here |k| < 2^19) and a low part, so r carries no cancellation error; exp(r) − 1 is a degree-4
 * Taylor polynomial (truncation < r^5/120 ≈ 4e-17 relative, a third of an ulp). 2^(j/256) (2 KiB)
 * and 2^m come from tables. The 256-entry table lets the polynomial be two degrees shorter than
 * with 64 entries: 10 % off the whole Jansen–Rit step (bench/meanfield.bench.ts), same error bound.
 * Arguments outside [−708, 709] (where 2^m would leave the normal range) go to Math.exp; NaN
 * propagates. tests/brains/meanfield/fused-kernel.test.ts measures the error against Math.exp.
 */

const LN2_HI_256 = 6.93147180369123816490e-1 / 256;
const LN2_LO_256 = 1.90821492927058770002e-10 / 256;
const INV_LN2_256 = 256 / Math.LN2;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
const SHIFT = 6755399441055744;

/** 2^(j/256), j = 0..255, correctly rounded from Math.pow (exact for j = 0). */
const TWO_J256 = new Float64Array(256);
for (let j = 0; j < 256; j++) TWO_J256[j] = Math.pow(2, j / 256);
/** 2^m for m = −1023..1024 at index m + 1023 (powers of two are exact). */
const TWO_M = new Float64Array(2048);
for (let m = -1023; m <= 1024; m++) TWO_M[m + 1023] = Math.pow(2, m);

/**
 * The constants and tables of `fastExp`, for kernels that compute it elsewhere (the WebAssembly
 * IF_cond kernel, brains/spiking/wasm/lif-cond.wat): 256/ln2, the rounding shift, ln2/256 high and
 * low, the Taylor coefficients 1/2, 1/6, 1/24 (the literals of `fastExp`), then the two tables.
 */
export const FAST_EXP_DATA = {
  constants: Float64Array.of(INV_LN2_256, SHIFT, LN2_HI_256, LN2_LO_256, 0.5, 0.16666666666666666, 0.041666666666666664),
  twoJ256: TWO_J256,
  twoM: TWO_M,
} as const;

/** exp(x) to within 2 ulp of Math.exp; no allocation, no closures. */
export function fastExp(x: number): number {
  if (x > 709 || x < -708) return Math.exp(x);
  const kd = x * INV_LN2_256 + SHIFT - SHIFT;
  const k = kd | 0;
  const r = x - kd * LN2_HI_256 - kd * LN2_LO_256;
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * 0.041666666666666664));
  const t = TWO_J256[k & 255] as number;
  return (t + t * p) * (TWO_M[(k >> 8) + 1023] as number);
}
