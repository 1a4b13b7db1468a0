/**
 * Gaussian population coding of a scalar: N neurons with preferred values evenly spread over
 * [lo, hi] and Gaussian tuning curves, r_i(x) = baselineHz + peakHz · exp(−(x − c_i)² / (2σ²)).
 * The rates feed a Poisson or regular encoder; `populationVectorDecode` inverts it.
 * Values outside [lo, hi] are reported (the population cannot represent them faithfully).
 */
import { ValidationError } from '../../core/errors.js';
import type { TransceiverContext } from '../../core/transceiver.js';
import { requireFinite, requireNonNegative, requirePositive, requirePositiveInt } from '../utilities/check.js';

/** Descriptor of a Gaussian population code. */
export interface PopulationCodeDesc {
  readonly size: number;
  readonly lo: number;
  readonly hi: number;
  /** Tuning width σ in the unit of x (default: the spacing of the preferred values). */
  readonly sigma?: number;
  readonly peakHz: number;
  readonly baselineHz?: number;
}

/** Resolved population code: preferred values and width. */
export interface PopulationCode {
  readonly desc: PopulationCodeDesc;
  readonly centers: Float64Array;
  readonly sigma: number;
}

/** Validates and resolves a population code (centers c_i = lo + i·(hi − lo)/(N − 1)). */
export function createPopulationCode(desc: PopulationCodeDesc): PopulationCode {
  requirePositiveInt('populationCode.size', desc.size);
  if (desc.size < 2) throw new ValidationError('populationCode.size', desc.size, '≥ 2', 'use at least two neurons');
  requireFinite('populationCode.lo', desc.lo);
  requireFinite('populationCode.hi', desc.hi);
  if (!(desc.hi > desc.lo)) throw new ValidationError('populationCode.hi', desc.hi, `> lo (${desc.lo})`, 'give a non-empty range');
  requirePositive('populationCode.peakHz', desc.peakHz);
  requireNonNegative('populationCode.baselineHz', desc.baselineHz ?? 0);
  const spacing = (desc.hi - desc.lo) / (desc.size - 1);
  const sigma = desc.sigma ?? spacing;
  requirePositive('populationCode.sigma', sigma);
  const centers = new Float64Array(desc.size);
  for (let i = 0; i < desc.size; i++) centers[i] = desc.lo + i * spacing;
  return { desc, centers, sigma };
}

/** Writes the rates (Hz) for value `x` into `outHz` (length N) and returns it. */
export function populationRates(code: PopulationCode, x: number, outHz: Float64Array = new Float64Array(code.desc.size), ctx?: Pick<TransceiverContext, 'report' | 'tNs'>): Float64Array {
  requireFinite('populationCode.x', x);
  if ((x < code.desc.lo || x > code.desc.hi) && ctx !== undefined) {
    ctx.report('out-of-range', { what: 'populationCode.x', tNs: ctx.tNs, value: x, lo: code.desc.lo, hi: code.desc.hi });
  }
  const inv2s2 = 1 / (2 * code.sigma * code.sigma);
  const base = code.desc.baselineHz ?? 0;
  for (let i = 0; i < code.desc.size; i++) {
    const d = x - (code.centers[i] as number);
    outHz[i] = base + code.desc.peakHz * Math.exp(-d * d * inv2s2);
  }
  return outHz;
}
