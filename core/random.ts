/**
 * Seeded, reproducible random numbers. xoshiro128** (32-bit state words, fast in JS) seeded with
 * SplitMix32; streams are derived per engine/purpose by hashing names, so adding an engine does not
 * shift another engine's stream.
 */

/** FNV-1a 32-bit hash of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Derives an independent 32-bit seed from a parent seed and a stream name. */
export function deriveSeed(seed: number, name: string): number {
  let x = (seed ^ hashString(name)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A small seeded PRNG with the distributions neural and physical models need. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution (fast path for hot loops). */
  float(): number {
    return this.uint32() * 2.3283064365386963e-10;
  }

  /** Uniform float in [0, 1) with 53 bits of resolution. */
  float53(): number {
    const hi = this.uint32() >>> 5;
    const lo = this.uint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float53();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float53() * n);
  }

  /** Standard normal (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float53() - 1;
      v = 2 * this.float53() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return mean + sd * u * m;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.float53()) / rate;
  }

  /** Poisson-distributed count with mean lambda (Knuth for small, normal-rejection PTRS for large). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const l = Math.exp(-lambda);
      let k = 0;
      let p = 1;
      do {
        k++;
        p *= this.float53();
      } while (p > l);
      return k - 1;
    }
    // PTRS (Hörmann 1993) transformed rejection.
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.float53() - 0.5;
      const v = this.float53();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }

  /** Binomial(n, p) by inversion for small n·p, normal-free exact sum otherwise. */
  binomial(n: number, p: number): number {
    if (n * p < 30) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.float53() < p) k++;
      return k;
    }
    // Exact but O(n); sufficient for connectivity generation.
    let k = 0;
    for (let i = 0; i < n; i++) if (this.float() < p) k++;
    return k;
  }

  /** The internal state (generator words and the cached second normal deviate), for snapshots. */
  getState(): [number, number, number, number, number, number] {
    return [this.a, this.b, this.c, this.d, this.hasSpare ? 1 : 0, this.spare];
  }
  /** Restores a state produced by getState(); a 4-word state (no cached normal) is accepted too. */
  setState(s: readonly number[]): void {
    this.a = s[0] as number;
    this.b = s[1] as number;
    this.c = s[2] as number;
    this.d = s[3] as number;
    this.hasSpare = s[4] === 1;
    this.spare = s[5] ?? 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LOG_FACT_CACHE: number[] = [0, 0];
function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACT_CACHE.length; i <= k; i++) LOG_FACT_CACHE[i] = (LOG_FACT_CACHE[i - 1] ?? 0) + Math.log(i);
    return LOG_FACT_CACHE[k] ?? 0;
  }
  // Stirling series.
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * k) - 1 / (360 * k * k * k);
}
