/**
 * Small synthetic connectomes for tests and examples: a two-node pair, a ring, and a seeded random
 * graph with lengths from node positions on a sphere.
 */
import { ValidationError } from '../../core/errors.js';
import { Rng } from '../../core/random.js';
import type { Connectivity } from './connectivity.js';

function blank(n: number, prefix: string): Connectivity {
  return {
    nRegions: n,
    weights: new Float64Array(n * n),
    tractLengthsMm: new Float64Array(n * n),
    labels: Array.from({ length: n }, (_, i) => `${prefix}${i}`),
    centres: new Float64Array(n * 3),
    cortical: new Uint8Array(n).fill(1),
    areas: new Float64Array(0),
  };
}

/** Two regions connected both ways with `weight` and `lengthMm`. */
export function pairConnectivity(weight: number, lengthMm: number): Connectivity {
  const c = blank(2, 'r');
  c.weights[1] = weight;
  c.weights[2] = weight;
  c.tractLengthsMm[1] = lengthMm;
  c.tractLengthsMm[2] = lengthMm;
  return c;
}

/** A directed ring i → i+1 (mod n) with equal weights and lengths. */
export function ringConnectivity(n: number, weight: number, lengthMm: number): Connectivity {
  if (!Number.isInteger(n) || n < 2) throw new ValidationError('ringConnectivity.n', n, 'an integer ≥ 2', 'use at least two regions');
  const c = blank(n, 'r');
  for (let j = 0; j < n; j++) {
    const i = (j + 1) % n;
    c.weights[i * n + j] = weight;
    c.tractLengthsMm[i * n + j] = lengthMm;
  }
  return c;
}

/**
 * A seeded random graph: regions placed uniformly on a sphere of `radiusMm`, each directed pair
 * connected with probability `density` and a uniform weight in (0, maxWeight]; tract lengths are
 * the straight-line distances between centres.
 */
export function randomConnectivity(n: number, seed: number, opts: { density?: number; maxWeight?: number; radiusMm?: number } = {}): Connectivity {
  if (!Number.isInteger(n) || n < 2) throw new ValidationError('randomConnectivity.n', n, 'an integer ≥ 2', 'use at least two regions');
  const density = opts.density ?? 0.3;
  const maxWeight = opts.maxWeight ?? 1;
  const radius = opts.radiusMm ?? 70;
  if (!(density > 0 && density <= 1)) throw new ValidationError('randomConnectivity.density', density, 'a probability in (0, 1]', 'use e.g. 0.3');
  const rng = new Rng(seed);
  const c = blank(n, 'r');
  for (let i = 0; i < n; i++) {
    const z = rng.uniform(-1, 1);
    const phi = rng.uniform(0, 2 * Math.PI);
    const s = Math.sqrt(1 - z * z);
    c.centres[3 * i] = radius * s * Math.cos(phi);
    c.centres[3 * i + 1] = radius * s * Math.sin(phi);
    c.centres[3 * i + 2] = radius * z;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const w = rng.float53() < density ? maxWeight * (1 - rng.float53()) : 0;
      const dx = (c.centres[3 * i] as number) - (c.centres[3 * j] as number);
      const dy = (c.centres[3 * i + 1] as number) - (c.centres[3 * j + 1] as number);
      const dz = (c.centres[3 * i + 2] as number) - (c.centres[3 * j + 2] as number);
      c.weights[i * n + j] = w;
      c.tractLengthsMm[i * n + j] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return c;
}
