/**
 * Small signal analyses used on mean-field output: power spectrum (Hann-windowed periodogram by a
 * radix-2 FFT), its peak frequency with parabolic interpolation, and Pearson correlation for
 * functional connectivity.
 */
import { ValidationError } from '../../core/errors.js';

/** In-place iterative radix-2 FFT of (re, im); length must be a power of two. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const tr = re[i] as number; re[i] = re[j] as number; re[j] = tr;
      const ti = im[i] as number; im[i] = im[j] as number; im[j] = ti;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k);
        const wi = Math.sin(ang * k);
        const a = i + k;
        const b = a + len / 2;
        const xr = (re[b] as number) * wr - (im[b] as number) * wi;
        const xi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - xr; im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr; im[a] = (im[a] as number) + xi;
      }
    }
  }
}

/**
 * One-sided power spectrum of `x` sampled every `dtMs`, mean removed, Hann window, zero-padded to a
 * power of two (≥ `minLength`). Returns frequencies (Hz) and power (arbitrary units).
 */
export function powerSpectrum(x: ArrayLike<number>, dtMs: number, minLength = 0): { freqHz: Float64Array; power: Float64Array } {
  const n = x.length;
  if (n < 4) throw new ValidationError('powerSpectrum.x', n, 'at least 4 samples', 'record longer');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let N = 1;
  while (N < Math.max(n, minLength)) N <<= 1;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  for (let i = 0; i < n; i++) re[i] = ((x[i] as number) - mean) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  fft(re, im);
  const half = N / 2 + 1;
  const freqHz = new Float64Array(half);
  const power = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    freqHz[k] = k / (N * dtMs * 1e-3);
    power[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
  }
  return { freqHz, power };
}

/** Frequency (Hz) of the spectral peak in [minHz, maxHz], refined by parabolic interpolation. */
export function spectrumPeakHz(x: ArrayLike<number>, dtMs: number, minHz = 0.5, minLength = 1 << 16, maxHz = Infinity): number {
  const { freqHz, power } = powerSpectrum(x, dtMs, minLength);
  let best = -1;
  for (let k = 1; k < power.length - 1; k++) {
    if ((freqHz[k] as number) < minHz || (freqHz[k] as number) > maxHz) continue;
    if (best < 0 || (power[k] as number) > (power[best] as number)) best = k;
  }
  if (best < 1) return Number.NaN;
  const a = Math.log((power[best - 1] as number) + 1e-300);
  const b = Math.log(power[best] as number);
  const c = Math.log((power[best + 1] as number) + 1e-300);
  // Parabolic refinement only for an interior maximum; otherwise keep the bin centre.
  const interior = (power[best - 1] as number) <= (power[best] as number) && (power[best + 1] as number) <= (power[best] as number);
  const off = interior ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / (a - 2 * b + c))) : 0;
  const df = (freqHz[1] as number) - (freqHz[0] as number);
  return (freqHz[best] as number) + (Number.isFinite(off) ? off : 0) * df;
}

/** Pearson correlation of two equal-length series (NaN if either is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new ValidationError('pearson.b', b.length, `length ${n}`, 'pass series of equal length');
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] as number; mb += b[i] as number; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
