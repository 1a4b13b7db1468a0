/**
 * exp(x) by table-driven range reduction, about 3× cheaper than V8's Math.exp in the
 * Jansen–Rit hot loop (five exponentials per node and step) and within 2 ulp of it.
 *
 *   x = (64·m + j)·ln2/64 + r,   |r| ≤ ln2/128,   exp(x) = 2^m · 2^(j/64) · exp(r)
 *
 * ln2/64 is split into a high part with 21 trailing zero bits (k·hi is exact for |k| < 2^17) and a
 * low part, so r carries no cancellation error; exp(r) − 1 is a degree-6 Taylor polynomial
 * (truncation < r^7/5040 ≈ 2e-19 relative). 2^(j/64) and 2^m come from tables. Arguments outside
 * [−708, 709] (where 2^m would leave the normal range) go to Math.exp; NaN propagates.
 * tests/brains/meanfield/fast-exp.test.ts measures the error against Math.exp.
 */

const LN2_HI_64 = 6.93147180369123816490e-1 / 64;
const LN2_LO_64 = 1.90821492927058770002e-10 / 64;
const INV_LN2_64 = 64 / Math.LN2;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer. */
const SHIFT = 6755399441055744;

/** 2^(j/64), j = 0..63, correctly rounded from Math.pow (exact for j = 0, 32 is √2 rounded). */
const TWO_J64 = new Float64Array(64);
for (let j = 0; j < 64; j++) TWO_J64[j] = Math.pow(2, j / 64);
/** 2^m for m = −1023..1024 at index m + 1023 (powers of two are exact). */
const TWO_M = new Float64Array(2048);
for (let m = -1023; m <= 1024; m++) TWO_M[m + 1023] = Math.pow(2, m);

/** exp(x) to within 2 ulp of Math.exp; no allocation, no closures. */
export function fastExp(x: number): number {
  if (x > 709 || x < -708) return Math.exp(x);
  const kd = x * INV_LN2_64 + SHIFT - SHIFT;
  const k = kd | 0;
  const r = x - kd * LN2_HI_64 - kd * LN2_LO_64;
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * (0.041666666666666664 + r * (0.008333333333333333 + r * 0.001388888888888889))));
  const t = TWO_J64[k & 63] as number;
  return (t + t * p) * (TWO_M[(k >> 6) + 1023] as number);
}
