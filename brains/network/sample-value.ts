/** Draws constants or PyNN-style random distributions. */
import type { Rng } from '../../core/random.js';
import type { ValueDesc } from './network-desc.js';

/** One draw of `v` (a constant returns itself; normal_clipped redraws until inside [low, high]). */
export function sampleValue(v: ValueDesc, rng: Rng): number {
  if (typeof v === 'number') return v;
  switch (v.distribution) {
    case 'uniform':
      return v.low + (v.high - v.low) * rng.float53();
    case 'normal':
      return rng.normal(v.mu, v.sigma);
    case 'normal_clipped': {
      for (let k = 0; k < 1000; k++) {
        const x = rng.normal(v.mu, v.sigma);
        if (x >= v.low && x <= v.high) return x;
      }
      return Math.min(v.high, Math.max(v.low, v.mu));
    }
    case 'exponential':
      return rng.exponential(1 / v.beta);
  }
}
