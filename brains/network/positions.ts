/** Neuron positions (µm) of a population, as a flat Float64Array [x0, y0, z0, x1, ...]. */
import { Rng } from '../../core/random.js';
import type { PositionsDesc } from './network-desc.js';

/** Computes positions for `size` neurons; random structures draw from `rng`. */
export function computePositions(desc: PositionsDesc, size: number, rng: Rng): Float64Array {
  const xyz = new Float64Array(3 * size);
  switch (desc.structure) {
    case 'line':
      for (let i = 0; i < size; i++) xyz[3 * i] = desc.x0 + i * desc.dx;
      break;
    case 'grid2d': {
      // PyNN Grid2D: nx = sqrt(n * aspect), ny = n / nx, filled row by row.
      const nx = Math.max(1, Math.round(Math.sqrt(size * desc.aspectRatio)));
      for (let i = 0; i < size; i++) {
        xyz[3 * i] = (i % nx) * desc.dx;
        xyz[3 * i + 1] = Math.floor(i / nx) * desc.dy;
      }
      break;
    }
    case 'random_cuboid':
      for (let i = 0; i < size; i++) {
        xyz[3 * i] = (rng.float53() - 0.5) * desc.width;
        xyz[3 * i + 1] = (rng.float53() - 0.5) * desc.height;
        xyz[3 * i + 2] = (rng.float53() - 0.5) * desc.depth;
      }
      break;
    case 'explicit':
      desc.xyz.forEach((p, i) => {
        xyz[3 * i] = p[0];
        xyz[3 * i + 1] = p[1];
        xyz[3 * i + 2] = p[2];
      });
      break;
  }
  return xyz;
}
